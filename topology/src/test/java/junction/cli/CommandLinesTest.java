package junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {

    @Command(name = "tiny")
    static final class Tiny implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "1")
        int count;

        @Option(names = "--max-wait", defaultValue = "5s")
        Duration maxWait;

        @Option(names = "--refuse")
        String refusal;

        @Option(names = "--config")
        String config;

        boolean ran;

        @Override
        public Integer call() {
            if (refusal != null) {
                throw new CommandLines.UserError(refusal);
            }
            ran = true;
            return 0;
        }
    }

    @Test
    void successExitsZeroAndPrintsNoError() {
        Tiny tiny = new Tiny();

        Cli.Run run = Cli.execute(tiny, "--count", "3", "--max-wait", "20ms");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(tiny.ran).isTrue();
        assertThat(tiny.count).isEqualTo(3);
        assertThat(tiny.maxWait).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void unknownOptionIsOneLineNamingIt() {
        Cli.Run run = Cli.execute(new Tiny(), "--bogus", "1");

        assertUsageError(run, "--bogus");
    }

    @Test
    void badIntValueIsOneLineNamingTheOption() {
        Cli.Run run = Cli.execute(new Tiny(), "--count", "many");

        assertUsageError(run, "--count");
        assertThat(run.err()).contains("'many'");
    }

    @Test
    void badDurationIsOneLineNamingTheOptionAndTheFormat() {
        Cli.Run run = Cli.execute(new Tiny(), "--max-wait", "soon");

        assertUsageError(run, "--max-wait");
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    @Test
    void userErrorFromTheCommandIsOneLine() {
        Tiny tiny = new Tiny();

        Cli.Run run = Cli.execute(tiny, "--refuse", "--count must be odd");

        assertUsageError(run, "--count must be odd");
        assertThat(tiny.ran).isFalse();
    }

    @Test
    void unreadableConfigFileIsOneLineNamingTheOption() {
        Cli.Run run = Cli.execute(new Tiny(), "--config", "/nonexistent/junction.properties");

        assertUsageError(run, "--config");
    }

    private static void assertUsageError(Cli.Run run, String mentioned) {
        assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .contains(mentioned)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }
}
