package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory's bytes by store, summed over tasks, as the sizing figures read them. */
class ScaleScenarioTest {

    @TempDir
    Path state;

    private void file(String relative, int bytes) throws IOException {
        Path file = state.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    @Test
    void bytesPerStoreAcrossTasks() throws IOException {
        file("bench-scale/0_0/rocksdb/customers-store/000012.sst", 300);
        file("bench-scale/0_1/rocksdb/customers-store/000013.sst", 200);
        file("bench-scale/1_0/rocksdb/inventory-store/MANIFEST-000005", 70);
        file("bench-scale/0_0/.checkpoint", 9);

        assertThat(ScaleScenario.storeBytes(state))
                .containsExactly(java.util.Map.entry("customers-store", 500L), java.util.Map.entry("inventory-store", 70L),
                        java.util.Map.entry("other", 9L));
    }
}
