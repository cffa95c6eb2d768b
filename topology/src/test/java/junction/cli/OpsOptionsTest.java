package junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import junction.metrics.OpsAuth;
import junction.metrics.OpsServer;
import junction.metrics.Status;
import junction.metrics.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsOptionsTest {

    @Test
    void defaultsListenOnLocalhostWithTheDefaultThresholds() {
        OpsServer.Config config = Cli.parse(new OpsOptions()).config();

        assertThat(config).isEqualTo(new OpsServer.Config("localhost", 9400));
        assertThat(config.auth().required()).isFalse();
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

    @Test
    void basicAuthReadsItsPasswordFromAFileAndNeverShowsIt(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("ops-password"), "s3cr3t-ops\n");

        OpsAuth auth = Cli.parse(new OpsOptions(), "--metrics-basic-user", "prom",
                "--metrics-basic-password", "file:" + secret).config().auth();

        String header = "Basic " + Base64.getEncoder().encodeToString("prom:s3cr3t-ops".getBytes(StandardCharsets.UTF_8));
        assertThat(auth.permits(header)).isTrue();
        assertThat(auth.permits(null)).isFalse();
        assertThat(auth.permits("Basic " + Base64.getEncoder().encodeToString("prom:wrong".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(auth.toString()).contains("prom").doesNotContain("s3cr3t");
    }

    @Test
    void basicAuthNeedsBothFlagsAndAReadableSecret() {
        assertThatThrownBy(() -> Cli.parse(new OpsOptions(), "--metrics-basic-user", "prom").config())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--metrics-basic-user and --metrics-basic-password go together");
        assertThatThrownBy(() -> Cli.parse(new OpsOptions(), "--metrics-basic-user", "prom",
                "--metrics-basic-password", "plain-value").config())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--metrics-basic-password must be env:NAME or file:/path, was 'plain-value'");
        assertThatThrownBy(() -> Cli.parse(new OpsOptions(), "--metrics-basic-user", "prom",
                "--metrics-basic-password", "file:/nonexistent/ops-password").config())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--metrics-basic-password: cannot read file /nonexistent/ops-password (NoSuchFileException)");
    }
}
