package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import junction.cli.Cli;
import junction.cli.CommandLines;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./junction run} up to the point where it would start: help, and every kind of bad
 * configuration answered with one line naming what is wrong, a non-zero exit code and no stack
 * trace. (Missing topics on a real broker: TopicsCommandTest in load/.)
 */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpExitsZeroAndDescribesEveryOption() {
        Cli.Run run = Cli.execute(new RunCommand(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(CommandSpec.forAnnotatedObject(new RunCommand()).options())
                .extracting(OptionSpec::longestName)
                .hasSizeGreaterThan(20)
                .allSatisfy(name -> assertThat(run.out().replace("--[no-]", "--")).contains(name));
    }

    @Test
    void badOptionExitsTwoWithOneLine() {
        Cli.Run run = Cli.execute(new RunCommand(), "--threads", "several");

        assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
        assertThat(run.errLines()).singleElement().asString().contains("--threads");
    }

    @Test
    void invalidMetricsPortExitsTwoBeforeAnythingStarts() {
        Cli.Run run = Cli.execute(new RunCommand(), "--metrics-port", "70000");

        assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
        assertThat(run.errLines()).singleElement().asString().contains("--metrics-port must be 0..65535");
        assertThat(run.out()).as("nothing was built or printed").isEmpty();
    }

    @Test
    void anUnknownOptionExitsTwoWithOneLine() {
        Cli.Run run = Cli.execute(new RunCommand(), "--bootstrap-server", "localhost:9092");

        assertOneLine(run, CommandLines.USAGE, "run: Unknown options: '--bootstrap-server', 'localhost:9092'");
    }

    @Test
    void anEndpointThatIsNoUriExitsTwoWithOneLineNamingTheFlag() {
        Cli.Run run = Cli.execute(new RunCommand(), "--endpoint", "http://analytics host/ingest");

        assertOneLine(run, CommandLines.USAGE, "run: Invalid value for option '--endpoint': "
                + "'http://analytics host/ingest' is not a URI: Illegal character in authority at index 7");
    }

    @Test
    void anEndpointThatIsNoHttpUrlExitsTwoWithOneLineNamingTheFlag() {
        Cli.Run run = Cli.execute(new RunCommand(), "--endpoint", "analytics:8080/ingest");

        assertOneLine(run, CommandLines.USAGE,
                "run: --endpoint must be an http or https URI with a host, was analytics:8080/ingest");
    }

    @Test
    void anUnreadableSecretFileExitsTwoWithOneLineBeforeAnythingStarts() throws IOException {
        Path missing = dir.resolve("no-such-token");
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        Cli.Run noFile = Cli.execute(new RunCommand(), "--sink-bearer-token", "file:" + missing);
        Cli.Run notAFile = Cli.execute(new RunCommand(), "--sink-basic-user", "ann",
                "--sink-basic-password", "file:" + directory);
        Cli.Run unsetVariable = Cli.execute(new RunCommand(), "--sink-bearer-token", "env:JUNCTION_TEST_SURELY_UNSET");

        assertOneLine(noFile, CommandLines.USAGE,
                "run: --sink-bearer-token: cannot read file " + missing + " (NoSuchFileException)");
        assertOneLine(notAFile, CommandLines.USAGE,
                "run: --sink-basic-password: cannot read file " + directory + " (IOException)");
        assertOneLine(unsetVariable, CommandLines.USAGE,
                "run: --sink-bearer-token: environment variable JUNCTION_TEST_SURELY_UNSET is not set");
    }

    @Test
    void aBrokerAddressWithoutAPortExitsTwoWithOneLine() {
        Cli.Run run = Cli.execute(new RunCommand(), "--bootstrap-servers", "kafka-1:9092,kafka-2");

        assertOneLine(run, CommandLines.USAGE,
                "run: --bootstrap-servers must be host:port[,host:port], was 'kafka-1:9092,kafka-2'");
    }

    @Test
    void aRecordLimitBelowOneByteExitsTwoWithOneLine() {
        Cli.Run run = Cli.execute(new RunCommand(), "--max-record-bytes", "0");

        assertOneLine(run, CommandLines.USAGE, "run: --max-record-bytes must be at least 1, was 0");
    }

    @Test
    void anInvalidKafkaSettingExitsTwoWithOneLine() {
        Cli.Run run = Cli.execute(new RunCommand(), "--bootstrap-servers", "localhost:" + closedPort(),
                "--kafka", "default.api.timeout.ms=soon");

        assertOneLine(run, CommandLines.USAGE,
                "run: --kafka: Invalid value soon for configuration default.api.timeout.ms");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitOneWithinTheCheckTimeout() {
        String broker = "localhost:" + closedPort();
        long start = System.nanoTime();

        Cli.Run run = Cli.execute(new RunCommand(), "--bootstrap-servers", broker,
                "--kafka", "default.api.timeout.ms=2000", "--metrics-port", "0");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertOneLine(run, 1, "run: cannot check the topics at " + broker + ": cannot describe topic ");
        assertThat(run.err()).contains(": no answer from Kafka within 2s");
        assertThat(took).as("the check's timeout, not the admin client's minute").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anUnresolvableBrokerHostIsOneLineAndExitOne() {
        Cli.Run run = Cli.execute(new RunCommand(), "--bootstrap-servers", "kafka.example.invalid:9092");

        assertOneLine(run, 1, "run: cannot check the topics at kafka.example.invalid:9092: cannot create an admin client: "
                + "No resolvable bootstrap urls given in bootstrap.servers");
    }

    @Test
    void theStartCheckWaitsTenSecondsForKafkaUnlessTheKafkaPassthroughSaysOtherwise() {
        AppConfig defaults = AppConfig.defaults();
        AppConfig apiTimeout = withKafka("default.api.timeout.ms", "2000");
        AppConfig requestTimeout = withKafka("request.timeout.ms", "40000");

        assertThat(TopicSetup.startCheckAdminConfig(defaults))
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        assertThat(TopicSetup.startCheckAdminConfig(apiTimeout))
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000")
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        assertThat(TopicSetup.startCheckAdminConfig(requestTimeout))
                .doesNotContainKey(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "40000");
    }

    private static AppConfig withKafka(String key, String value) {
        return AppConfig.defaults().withKafka(java.util.Map.of(key, value));
    }

    /** One line on stderr, starting as given, the exit code, and no stack trace anywhere. */
    private static void assertOneLine(Cli.Run run, int exitCode, String line) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.errLines()).singleElement().asString().contains(line);
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
    }

    /** A local port nothing listens on: connections to it are refused at once. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
