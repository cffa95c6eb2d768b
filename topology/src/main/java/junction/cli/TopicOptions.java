package junction.cli;

import junction.model.Topics;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Which topics a command works on: the two input tables, the merged output and the dead-letter
 * topic, declared once and mixed into every command that names them (run, topics, redrive, ingest,
 * load). The defaults are {@link Topics}' names; another set lets two junctions share a cluster
 * (and lets tests share one broker, each with its own topics).
 */
public final class TopicOptions {

    // No defaultValue: the initial values are picocli's defaults, so the names live in Topics only.
    // Inherited, as KafkaOptions' are, so that `topics create --customers-topic X` works too.
    @Option(names = "--customers-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            description = "Input table of customers (compacted). Default: ${DEFAULT-VALUE}.")
    String customers = Topics.CUSTOMERS.name();

    @Option(names = "--inventory-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            description = "Input table of inventory items (compacted). Default: ${DEFAULT-VALUE}.")
    String inventory = Topics.INVENTORY.name();

    @Option(names = "--output-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            description = "The merged records, each customer's latest (compacted). Default: ${DEFAULT-VALUE}.")
    String output = Topics.CUSTOMER_INVENTORY.name();

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            description = "Records that could not be read or delivered, with the reason in their headers. Default: ${DEFAULT-VALUE}.")
    String deadLetters = Topics.DEAD_LETTERS.name();

    public String customers() {
        return customers;
    }

    public String inventory() {
        return inventory;
    }

    public String output() {
        return output;
    }

    public String deadLetters() {
        return deadLetters;
    }

    /**
     * The flags naming the topics that are not the defaults, each with a leading space ("" when all
     * are): appended to a command a message tells the operator to run, so it acts on the same topics.
     */
    public String nonDefaultFlags() {
        StringBuilder flags = new StringBuilder();
        flag(flags, "--customers-topic", customers, Topics.CUSTOMERS.name());
        flag(flags, "--inventory-topic", inventory, Topics.INVENTORY.name());
        flag(flags, "--output-topic", output, Topics.CUSTOMER_INVENTORY.name());
        flag(flags, "--dead-letter-topic", deadLetters, Topics.DEAD_LETTERS.name());
        return flags.toString();
    }

    private static void flag(StringBuilder flags, String name, String value, String defaultValue) {
        if (!value.equals(defaultValue)) {
            flags.append(' ').append(name).append(' ').append(value);
        }
    }
}
