package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench app's JVM flags: G1 by default, the run's own collector when `--app-jvm-option` names one. */
class AppJvmTest {

    @Test
    void g1UnlessTheRunNamesAnotherCollector() {
        assertThat(BenchCluster.appJvm("1g", List.of("-XX:StartFlightRecording=filename=app.jfr")))
                .containsExactly("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:StartFlightRecording=filename=app.jfr");
        assertThat(BenchCluster.appJvm("1g", List.of("-XX:+UseZGC")))
                .containsExactly("-Xms256m", "-Xmx1g", "-XX:+UseZGC");
        assertThat(BenchCluster.appJvm("512m", List.of("-XX:+UseParallelGC", "-Xlog:gc")))
                .doesNotContain("-XX:+UseG1GC").contains("-XX:+UseParallelGC");
    }
}
