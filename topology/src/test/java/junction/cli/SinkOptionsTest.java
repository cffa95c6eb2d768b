package junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import junction.sink.BodyFormat;
import junction.sink.SinkConfig;
import junction.topology.AppOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class SinkOptionsTest {

    private static final URI ENDPOINT = URI.create("https://analytics.example:8443/v1/ingest");

    @Test
    void noFlagsGiveTheSinkDefaultsForTheEndpoint() {
        SinkConfig config = Cli.parse(new SinkOptions()).toConfig(ENDPOINT);

        assertThat(config).isEqualTo(SinkConfig.defaults().toBuilder().endpoint(ENDPOINT).build());
    }

    @Test
    void flagsSetTheirSettings() {
        SinkConfig config = Cli.parse(new SinkOptions(),
                "--sink-batch-records", "50", "--sink-batch-bytes", "4096", "--sink-linger", "5ms",
                "--sink-lanes", "8", "--sink-max-in-flight", "4", "--sink-buffer", "100",
                "--sink-connect-timeout", "1s", "--sink-response-timeout", "2s", "--sink-max-retry-time", "3m",
                "--sink-format", "JSON_ARRAY", "--sink-gzip").toConfig(ENDPOINT);

        assertThat(config).isEqualTo(SinkConfig.defaults().toBuilder().endpoint(ENDPOINT)
                .maxBatchRecords(50).maxBatchBytes(4096).linger(Duration.ofMillis(5)).lanes(8).maxInFlight(4)
                .maxBufferedRecords(100).connectTimeout(Duration.ofSeconds(1)).responseTimeout(Duration.ofSeconds(2))
                .maxRetryTime(Duration.ofMinutes(3)).format(BodyFormat.JSON_ARRAY).gzip(true).build());
    }

    @Test
    void asOptionNamesTheFlagOfASetting() {
        assertThat(SinkOptions.asOption("sink.maxInFlight must be > 0, was 0"))
                .isEqualTo("--sink-max-in-flight must be > 0, was 0");
        assertThat(SinkOptions.asOption("sink.maxBatchRecords must be > 0, was 0"))
                .isEqualTo("--sink-batch-records must be > 0, was 0");
        assertThat(SinkOptions.asOption("sink.maxBufferedRecords must be > 0, was 0"))
                .isEqualTo("--sink-buffer must be > 0, was 0");
        assertThat(SinkOptions.asOption("sink.endpoint must be an http or https URI with a host, was ftp://sink.lanes.example/"))
                .as("the endpoint is an app flag; text inside the offending value stays as it is")
                .isEqualTo("--endpoint must be an http or https URI with a host, was ftp://sink.lanes.example/");
        assertThat(SinkOptions.asOption("sink.retryMaxBackoff must be >= sink.retryInitialBackoff (PT1S), was PT0.5S"))
                .as("settings without a flag keep their name")
                .isEqualTo("sink.retryMaxBackoff must be >= sink.retryInitialBackoff (PT1S), was PT0.5S");
    }

    @Test
    void everySinkFlagIsNamedByAsOptionAndEveryNamedFlagExists() {
        Set<String> flags = new HashSet<>();
        CommandSpec.forAnnotatedObject(new SinkOptions()).options().forEach(o -> flags.add(o.longestName()));
        OptionSpec endpoint = CommandSpec.forAnnotatedObject(new AppOptions()).findOption("--endpoint");
        flags.add(endpoint.longestName());

        Set<String> named = new HashSet<>();
        SinkOptions.FLAGS.values().forEach(text -> Pattern.compile("--[a-z-]+").matcher(text).results()
                .forEach(m -> named.add(m.group())));
        assertThat(named).isEqualTo(flags);
        SinkOptions.FLAGS.forEach((setting, flag) ->
                assertThat(SinkOptions.asOption("sink." + setting + " is wrong")).isEqualTo(flag + " is wrong"));
    }

    @ParameterizedTest
    @CsvSource({
        "--sink-lanes, 0, 0",
        "--sink-batch-records, 0, 0",
        "--sink-batch-bytes, -1, -1",
        "--sink-max-in-flight, 0, 0",
        "--sink-buffer, 0, 0",
        "--sink-response-timeout, 0s, PT0S"
    })
    void invalidValueIsAUserErrorNamingTheFlag(String flag, String value, String shownValue) {
        SinkOptions options = Cli.parse(new SinkOptions(), flag, value);

        assertThatThrownBy(() -> options.toConfig(ENDPOINT))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith(flag + " must be")
                .hasMessageEndingWith("was " + shownValue);
    }

    @Test
    void invalidEndpointIsAUserErrorNamingTheEndpointFlag() {
        SinkOptions options = Cli.parse(new SinkOptions());

        assertThatThrownBy(() -> options.toConfig(URI.create("ftp://files.example/in")))
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessageStartingWith("--endpoint must be an http or https URI");
    }

    @Test
    void describeShowsTheSettingsButNotTheEndpointCredentials() {
        SinkConfig config = SinkConfig.defaults().toBuilder()
                .endpoint(URI.create("https://ingest:secret123@analytics.example/v1")).lanes(8).gzip(true).build();

        String line = SinkOptions.describe(config);

        assertThat(line).doesNotContain("secret123")
                .contains("https://****@analytics.example/v1", "NDJSON+gzip", "lanes 8", "/ 20ms");
    }

    @Test
    void retryableStatusesAndThePoolAreSetByFlags() {
        SinkConfig config = Cli.parse(new SinkOptions(), "--sink-retryable-statuses", "429,503",
                "--sink-max-connections", "8", "--sink-pending-acquire-timeout", "2s", "--sink-max-idle-time", "1m")
                .toConfig(URI.create("http://localhost:8080/ingest"));

        assertThat(config.retryableStatuses()).containsExactlyInAnyOrder(429, 503);
        assertThat(config.maxConnections()).isEqualTo(8);
        assertThat(config.pendingAcquireTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxIdleTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Cli.parse(new SinkOptions()).toConfig(URI.create("http://localhost:8080/ingest")).retryableStatuses())
                .as("the default").isEqualTo(SinkConfig.defaults().retryableStatuses());
    }
}
