package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineClasspathTest {

    @TempDir
    Path baselineLib;

    @Test
    void theRocksDbJarIsSwappedForTheBaselineOneAndNothingElseMoves() throws Exception {
        Path old = Files.createFile(baselineLib.resolve("rocksdbjni-10.1.3.jar"));
        String classpath = String.join(File.pathSeparator, "/m2/kafka-streams-4.3.1.jar",
                "/m2/rocksdbjni-10.10.1.jar", "/work/load/target/classes");

        assertThat(BaselineClasspath.of(classpath, baselineLib).split(File.pathSeparator))
                .containsExactly("/m2/kafka-streams-4.3.1.jar", old.toString(), "/work/load/target/classes");
    }

    @Test
    void withoutTheBaselineJarTheBaselineRefusesToRunRatherThanRunOnTheNewLibrary() {
        assertThatThrownBy(() -> BaselineClasspath.of("/m2/rocksdbjni-10.10.1.jar", baselineLib))
                .hasMessageContaining("the baseline RocksDB jar is not in " + baselineLib);
    }

    @Test
    void theLoadModuleBuildPutsTheBaselineJarBesideItself() {
        // The bench finds it beside the load module's classes (target/baseline-lib), as the build copies it.
        String swapped = BaselineClasspath.of("/m2/rocksdbjni-10.10.1.jar");

        assertThat(swapped).endsWith("rocksdbjni-10.1.3.jar").contains("baseline-lib");
    }
}
