package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import junction.cli.CommandLines;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

class FaultOptionsTest {

    private static FaultOptions parse(String... args) {
        FaultOptions options = new FaultOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void noFlagsNoFaults() {
        assertThat(parse().toFaults()).isEqualTo(EndpointFaults.NONE);
    }

    @Test
    void flagsSetTheirFaults() {
        EndpointFaults faults = parse(
                "--endpoint-latency", "20ms", "--endpoint-jitter", "5ms",
                "--endpoint-error-rate", "0.3", "--endpoint-error-statuses", "500,503",
                "--endpoint-throttle-rate", "0.1", "--endpoint-retry-after", "2s",
                "--endpoint-reset-rate", "0.05", "--endpoint-slow-rate", "0.01", "--endpoint-slow-delay", "30s",
                "--endpoint-reject", "c7,c3", "--endpoint-down-after", "10s", "--endpoint-down-for", "1m",
                "--endpoint-fault-seed", "42", "--endpoint-crawl-rate", "20", "--endpoint-down-status", "401",
                "--endpoint-reject-status", "500").toFaults();

        assertThat(faults).isEqualTo(EndpointFaultsTest.EVERY_FAULT);
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheFlag() {
        assertThatThrownBy(() -> parse("--endpoint-error-rate", "1.5").toFaults())
                .isInstanceOf(CommandLines.UserError.class)
                .hasMessage("--endpoint-error-rate must be within 0..1, was 1.5");
        assertThatThrownBy(() -> parse("--endpoint-error-rate", "0.6", "--endpoint-reset-rate", "0.6").toFaults())
                .hasMessageStartingWith("--endpoint-reset-rate + --endpoint-throttle-rate + --endpoint-error-rate must add up");
        assertThatThrownBy(() -> parse("--endpoint-error-statuses", "500,200").toFaults())
                .hasMessage("--endpoint-error-statuses must be 400..599, was 200");
        assertThatThrownBy(() -> parse("--endpoint-down-after", "5s").toFaults())
                .hasMessageStartingWith("--endpoint-down-after needs --endpoint-down-for");
        assertThatThrownBy(() -> parse("--endpoint-down-status", "302").toFaults())
                .hasMessageStartingWith("--endpoint-down-status must be 400..599");
        assertThatThrownBy(() -> parse("--endpoint-reject-status", "200").toFaults())
                .hasMessage("--endpoint-reject-status must be 400..599, was 200");
        assertThatThrownBy(() -> parse("--endpoint-crawl-rate", "-5").toFaults())
                .hasMessage("--endpoint-crawl-rate must not be negative, was -5");
    }

    @Test
    void unreadableValuesAreRefusedByTheParserNamingTheFlag() {
        assertThatThrownBy(() -> parse("--endpoint-latency", "soon"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--endpoint-latency")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> parse("--endpoint-error-statuses", "500,bad"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--endpoint-error-statuses");
    }

    @Test
    void everyFaultHasAFlagAndEveryFlagExists() {
        Set<String> fields = Arrays.stream(EndpointFaults.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet());
        List<String> flags = new CommandLine(new FaultOptions()).getCommandSpec().options().stream()
                .map(OptionSpec::longestName).toList();

        assertThat(FaultOptions.FLAGS.keySet()).isEqualTo(fields);
        assertThat(flags).containsExactlyInAnyOrderElementsOf(FaultOptions.FLAGS.values());
    }

    @Test
    void theEndpointCommandTakesTheFlagsAndListsThemInItsHelp() {
        CommandLine endpoint = new CommandLine(new EndpointCommand());
        StringWriter help = new StringWriter();
        endpoint.usage(new PrintWriter(help));

        assertThat(help.toString()).contains(FaultOptions.FLAGS.values());
        endpoint.parseArgs("--port", "0", "--endpoint-error-rate", "0.3", "--endpoint-latency", "20ms");
        EndpointCommand command = endpoint.getCommand();
        assertThat(command.faults.toFaults())
                .isEqualTo(EndpointFaults.builder().errorRate(0.3).latency(Duration.ofMillis(20)).build());
    }
}
