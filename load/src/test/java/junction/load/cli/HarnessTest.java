package junction.load.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import junction.app.Junction;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./junction} offers every command of the product image and the harness's beside them. */
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
}
