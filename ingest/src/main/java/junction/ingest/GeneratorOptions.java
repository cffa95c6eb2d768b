package junction.ingest;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * What the {@link Generator} makes and how fast: {@code --customers}, {@code --skus}, {@code --seed},
 * {@code --rate} and {@code --duration}, declared once for every command that drives it (ingest,
 * load, demo, bench). The defaults differ per command (the demo's run fits in a minute, bench's
 * sizes depend on the scenario), so each command states its own in its resource bundle
 * ({@code <Command>.properties} beside the class): {@code generator.customers.default} and so on,
 * written as on the command line. A key left out means no default: the value stays null unless
 * given. The same bundle may reword an option's help under its description key
 * ({@code generator.customers}, ...) where the command gives it another meaning.
 */
public final class GeneratorOptions {

    @Option(names = "--customers", paramLabel = "N", defaultValue = "${bundle:generator.customers.default}",
            descriptionKey = "generator.customers",
            description = "Customers the generator knows (and preloads). Default: ${DEFAULT-VALUE}.")
    Integer customers;

    @Option(names = "--skus", paramLabel = "N", defaultValue = "${bundle:generator.skus.default}",
            descriptionKey = "generator.skus",
            description = "Inventory items the generator knows (and preloads). Default: ${DEFAULT-VALUE}.")
    Integer skus;

    @Option(names = "--seed", defaultValue = "${bundle:generator.seed.default:-42}", descriptionKey = "generator.seed",
            description = "Generator seed: the same seed gives the same data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "${bundle:generator.rate.default}",
            descriptionKey = "generator.rate",
            description = "Updates per second after the preload (both topics). Default: ${DEFAULT-VALUE}.")
    Double rate;

    @Option(names = "--duration", defaultValue = "${bundle:generator.duration.default}", descriptionKey = "generator.duration",
            description = "How long updates run after the preload (0s: preload only). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    /** Null only where the command has no default (bench: its scenario chooses) and the option was not given. */
    public Integer customers() {
        return customers;
    }

    /** Null only where the command has no default (bench: its scenario chooses) and the option was not given. */
    public Integer skus() {
        return skus;
    }

    public long seed() {
        return seed;
    }

    public double rate() {
        return rate;
    }

    /** Null only where the command has no default (bench: its scenario chooses) and the option was not given. */
    public Duration duration() {
        return duration;
    }
}
