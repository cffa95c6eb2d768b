package junction.app.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import junction.app.Junction;
import junction.cli.Cli;
import junction.cli.CommandLines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad options of {@code ./junction redrive}: one line naming the option, exit 2, and nothing
 * connects (the broker address is a closed port: a run that got as far as Kafka would not fail
 * with these lines).
 */
class RedriveCommandTest {

    private static final String NO_BROKER = "localhost:1";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--max                  | 0                           | redrive: --max must be at least 1, was 0",
        "--group                | ' '                         | redrive: --group must not be blank",
        "--endpoint             | ftp://analytics/ingest      | redrive: --endpoint must be an http or https URI with a host, was ftp://analytics/ingest",
        "--sink-max-in-flight   | 0                           | redrive: --sink-max-in-flight must be > 0, was 0",
        "--sink-bearer-token    | env:JUNCTION_TEST_NO_SUCH_TOKEN | redrive: --sink-bearer-token: environment variable JUNCTION_TEST_NO_SUCH_TOKEN is not set",
        "--sink-tls-trust       | /no/such/ca.pem             | redrive: --sink-tls-trust: cannot read file /no/such/ca.pem",
        "--kafka                | max.poll.records=many       | redrive: --kafka / --bootstrap-servers: Invalid value many for configuration max.poll.records: Not a number of type INT",
        "--kafka                | linger.ms=soon              | redrive: --kafka / --bootstrap-servers: Invalid value soon for configuration linger.ms: Not a number of type LONG",
    })
    void aBadOptionIsOneLineNamingItAndExitCodeTwo(String option, String value, String message) {
        String endpoint = option.equals("--sink-tls-trust") ? "https://localhost:1/ingest" : "http://localhost:1/ingest";
        Cli.Run run = option.equals("--endpoint")
                ? Cli.execute(new Junction(), "redrive", "--bootstrap-servers", NO_BROKER, option, value)
                : Cli.execute(new Junction(), "redrive", "--bootstrap-servers", NO_BROKER, "--endpoint", endpoint, option, value);

        assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
        // (stdout may hold the test logger's own start-up lines, never a batch or a summary)
        assertThat(run.out()).doesNotContain("batch ", "\"read\"");
        assertThat(run.errLines()).containsExactly(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--maximum=3       | Unknown option: '--maximum=3'",
        "--max=three       | Invalid value for option '--max': 'three' is not a long",
        "--sink-linger=soon | Invalid value for option '--sink-linger': 'soon' is not a duration (use e.g. 250ms, 10s, 2m)",
    })
    void anUnparsableOptionIsOneLineWithAPointerToHelp(String argument, String message) {
        Cli.Run run = Cli.execute(new Junction(), "redrive", "--bootstrap-servers", NO_BROKER, argument);

        assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("redrive: " + message)
                .endsWith("(see junction redrive --help)");
    }
}
