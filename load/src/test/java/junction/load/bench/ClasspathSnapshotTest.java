package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void copiesTheProjectsEntriesAndKeepsThirdPartyJarsWhereTheyAre() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("load/target/classes/junction"));
        Files.writeString(classes.resolve("A.class"), "a");
        Path projectJar = Files.writeString(dir.resolve("junction-topology-0.1.0-SNAPSHOT.jar"), "topology");
        Path thirdParty = Files.writeString(dir.resolve("kafka-clients-4.3.1.jar"), "kafka");
        String original = String.join(File.pathSeparator, classes.getParent().toString(), projectJar.toString(),
                thirdParty.toString());

        List<String> copied;
        Path snapshotDir;
        try (ClasspathSnapshot snapshot = ClasspathSnapshot.of(original)) {
            copied = List.of(snapshot.classpath().split(File.pathSeparator));
            assertThat(copied).hasSize(3);
            assertThat(copied.get(2)).isEqualTo(thirdParty.toString());
            assertThat(Path.of(copied.get(0))).isNotEqualTo(classes.getParent());
            assertThat(Path.of(copied.get(0)).resolve("junction/A.class")).hasContent("a");
            assertThat(Path.of(copied.get(1))).hasContent("topology");

            // A rebuild replacing the original does not touch the copy.
            Files.writeString(projectJar, "rebuilt");
            assertThat(Path.of(copied.get(1))).hasContent("topology");
            snapshotDir = Path.of(copied.get(1)).getParent();
        }
        assertThat(snapshotDir).doesNotExist();
    }
}
