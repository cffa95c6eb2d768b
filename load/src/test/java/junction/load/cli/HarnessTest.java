package junction.load.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import junction.app.Junction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import picocli.CommandLine;

/**
 * {@code ./junction} offers every command of the product image and the harness's beside them.
 * Isolated: one test reads what picocli warns on System.err, and no other test may write there
 * meanwhile.
 */
@Isolated
class HarnessTest {

    @Test
    void theHarnessHasEveryProductCommandAndItsOwn() {
        CommandLine product = new CommandLine(new Junction());
        CommandLine harness = new CommandLine(new Harness());

        assertThat(product.getSubcommands()).containsOnlyKeys("run", "topics", "redrive", "ingest", "help");
        assertThat(harness.getSubcommands().keySet()).containsAll(product.getSubcommands().keySet())
                .contains("demo", "broker", "endpoint", "load", "replay", "bench", "passes").hasSize(12);
    }

    @Test
    void helpListsEveryCommandWithTheStandardOptions() {
        StringWriter out = new StringWriter();
        CommandLine harness = new CommandLine(new Harness()).setOut(new PrintWriter(out));

        assertThat(harness.execute("--help")).isZero();
        assertThat(out.toString()).contains("--version", "demo", "run", "topics", "redrive", "ingest", "bench",
                "harness that demonstrates");
    }

    /**
     * picocli formats descriptions with {@code String.format}: a bare "%" (say "30% 5xx") breaks
     * the line, and picocli only warns on standard error, then prints the raw text.
     */
    @Test
    void everyCommandsHelpRendersWithoutAFormattingWarning() {
        CommandLine harness = new CommandLine(new Harness());
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream err = System.err;
        StringBuilder help = new StringBuilder();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            harness.getSubcommands().values().forEach(command -> help.append(command.getUsageMessage()));
        } finally {
            System.setErr(err);
        }

        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(help).contains("endpoint-flaky (30% 5xx, 5% resets, 5% 429)", "poison (1% malformed inputs");
    }
}
