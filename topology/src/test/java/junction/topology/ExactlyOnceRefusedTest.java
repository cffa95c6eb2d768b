package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;

import junction.cli.Cli;
import junction.cli.CommandLines;
import org.junit.jupiter.api.Test;

/**
 * {@code exactly_once_v2} with the HTTP sink is refused at start-up: the delivery barrier waits
 * for the endpoint inside Kafka's transaction, so a slow endpoint aborts transactions and the same
 * records are replayed and re-sent without end (issue 12). It stays allowed with {@code --no-sink},
 * where there is no barrier. No broker is needed: the refusal comes before Kafka is asked anything,
 * and the allowed case fails only later, at the unreachable broker.
 */
class ExactlyOnceRefusedTest {

    @Test
    void exactlyOnceWithTheSinkExitsTwoWithOneLineNamingTheOption() {
        Cli.Run run = Cli.execute(new RunCommand(), "--processing-guarantee", "exactly_once_v2",
                "--bootstrap-servers", "localhost:" + RunCommandTest.closedPort(),
                "--kafka", "default.api.timeout.ms=2000", "--metrics-port", "0");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CommandLines.USAGE);
        assertThat(run.errLines()).singleElement().asString()
                .contains("--processing-guarantee").contains("exactly_once_v2");
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ");
    }

    @Test
    void exactlyOnceWithoutTheSinkGetsPastTheOptionsToTheBroker() {
        String broker = "localhost:" + RunCommandTest.closedPort();

        Cli.Run run = Cli.execute(new RunCommand(), "--processing-guarantee", "exactly_once_v2", "--no-sink",
                "--bootstrap-servers", broker, "--kafka", "default.api.timeout.ms=2000", "--metrics-port", "0");

        assertThat(run.exitCode()).as("refused by the unreachable broker, not by the options: " + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("cannot check the topics at " + broker).doesNotContain("--processing-guarantee");
    }
}
