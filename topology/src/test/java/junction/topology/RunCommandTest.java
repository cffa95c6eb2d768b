package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;

import junction.cli.Cli;
import junction.cli.CommandLines;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class RunCommandTest {

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
}
