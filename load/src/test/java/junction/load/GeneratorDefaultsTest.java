package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import junction.cli.CommandLines;
import junction.ingest.IngestCommand;
import junction.load.bench.BenchCommand;
import junction.load.replay.LoadCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The generator options are declared once ({@code GeneratorOptions}) but each command keeps the
 * defaults it always had, from its own resource bundle; bench has none for the sizes and the
 * duration, which its scenario chooses.
 */
class GeneratorDefaultsTest {

    private static final String[] OPTIONS = {"--customers", "--skus", "--seed", "--rate", "--duration"};

    /** The values of the generator options after parsing {@code args}. */
    private static Map<String, Object> parsed(Object command, String... args) {
        CommandLine cli = CommandLines.parser(command);
        cli.parseArgs(args);
        Map<String, Object> values = new HashMap<>();
        Arrays.stream(OPTIONS).forEach(name -> {
            OptionSpec option = cli.getCommandSpec().findOption(name);
            values.put(name, option.getValue());
        });
        return values;
    }

    @Test
    void eachCommandKeepsItsOwnDefaults() {
        assertThat(parsed(new IngestCommand())).containsExactlyInAnyOrderEntriesOf(Map.of("--customers", 100_000,
                "--skus", 10_000, "--seed", 42L, "--rate", 1_000.0, "--duration", Duration.ofSeconds(60)));
        assertThat(parsed(new LoadCommand())).containsExactlyInAnyOrderEntriesOf(Map.of("--customers", 100_000,
                "--skus", 10_000, "--seed", 42L, "--rate", 1_000.0, "--duration", Duration.ofSeconds(60)));
        assertThat(parsed(new DemoCommand())).containsExactlyInAnyOrderEntriesOf(Map.of("--customers", 20_000,
                "--skus", 2_000, "--seed", 42L, "--rate", 200.0, "--duration", Duration.ofSeconds(20)));
        Map<String, Object> bench = parsed(new BenchCommand(), "--scenario", "steady");
        assertThat(bench).containsEntry("--seed", 42L).containsEntry("--rate", 1_000.0);
        assertThat(bench.get("--customers")).as("the scenario's").isNull();
        assertThat(bench.get("--skus")).as("the scenario's").isNull();
        assertThat(bench.get("--duration")).as("the scenario's").isNull();
    }

    @Test
    void aGivenValueOverridesTheDefault() {
        assertThat(parsed(new DemoCommand(), "--customers", "7", "--duration", "3s", "--seed", "5"))
                .containsEntry("--customers", 7).containsEntry("--duration", Duration.ofSeconds(3)).containsEntry("--seed", 5L);
        assertThat(parsed(new BenchCommand(), "--scenario", "steady", "--skus", "9")).containsEntry("--skus", 9);
    }

    @Test
    void everyCommandsHelpShowsEachOptionWithItsDefault() {
        for (Object command : new Object[] {new IngestCommand(), new LoadCommand(), new DemoCommand()}) {
            String help = CommandLines.parser(command).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
            assertThat(help).contains("--customers=N").contains("--skus=N").contains("--seed=").contains("--rate=")
                    .contains("--duration=").doesNotContain("Default: null");
        }
        String demo = CommandLines.parser(new DemoCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertThat(demo).contains("Default: 20000.").contains("Default: 20s.");
        String bench = CommandLines.parser(new BenchCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertThat(bench).contains("Customers to preload (default 1,000,000 for scale").doesNotContain("Default: null");
    }
}
