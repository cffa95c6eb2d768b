package junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import junction.metrics.OpsServer;
import junction.metrics.Status;
import junction.metrics.Thresholds;
import org.junit.jupiter.api.Test;

class OpsOptionsTest {

    @Test
    void defaultsListenOnLocalhostWithTheDefaultThresholds() {
        OpsServer.Config config = Cli.parse(new OpsOptions()).config();

        assertThat(config).isEqualTo(new OpsServer.Config("localhost", 9400, Thresholds.DEFAULTS));
    }

    @Test
    void aThresholdFlagReplacesOneSignalsLevelsAndKeepsItsDirection() {
        OpsServer.Config config = Cli.parse(new OpsOptions(),
                "--threshold", "e2e-p99-ms=500:2000", "--threshold", "delivered-share=0.8:0.4").config();

        assertThat(config.thresholds().e2eP99Ms().of(499)).isEqualTo(Status.OK);
        assertThat(config.thresholds().e2eP99Ms().of(500)).isEqualTo(Status.WARNING);
        assertThat(config.thresholds().e2eP99Ms().of(2500)).isEqualTo(Status.CRITICAL);
        assertThat(config.thresholds().deliveredShare().of(0.3)).isEqualTo(Status.CRITICAL);
        assertThat(config.thresholds().deliveredShare().of(0.85)).isEqualTo(Status.OK);
        assertThat(config.thresholds().hostCpu()).isEqualTo(Thresholds.DEFAULTS.hostCpu());
    }

    @Test
    void aBadThresholdIsAUserErrorNamingIt() {
        assertThatThrownBy(() -> Cli.parse(new OpsOptions(), "--threshold", "latency=1:2").config())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith("--threshold: unknown threshold 'latency'; one of throughput-in");
        assertThatThrownBy(() -> Cli.parse(new OpsOptions(), "--threshold", "host-cpu=0.9").config())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--threshold host-cpu=0.9: expected WARNING:CRITICAL numbers, e.g. e2e-p99-ms=500:2000");
        assertThatThrownBy(() -> Cli.parse(new OpsOptions(), "--threshold", "host-cpu=0.9:0.5").config())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--threshold: threshold host-cpu: critical must be at least warning, was 0.9:0.5");
    }
}
