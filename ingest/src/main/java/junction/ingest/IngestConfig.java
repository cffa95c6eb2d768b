package junction.ingest;

import java.time.Duration;
import java.util.regex.Pattern;
import junction.model.Topics;

/**
 * The settings of an ingest run: where the broker is, what the generator makes and how fast
 * updates go, and the topic names. {@link #problem()} checks them all at once.
 *
 * @param ratePerSec updates per second after the preload
 * @param duration   how long updates run after the preload
 */
public record IngestConfig(
        String bootstrap,
        long seed,
        int customers,
        int skus,
        double ratePerSec,
        Duration duration,
        String customersTopic,
        String inventoryTopic,
        String deadLetterTopic) {

    /** Kafka's rule for topic names. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static IngestConfig defaults() {
        return new IngestConfig("localhost:9092", 42L, 100_000, 10_000, 1_000, Duration.ofSeconds(60),
                Topics.CUSTOMERS.name(), Topics.INVENTORY.name(), Topics.DEAD_LETTERS.name());
    }

    /** One line naming the first bad setting and why, or null when all are valid. */
    public String problem() {
        if (bootstrap == null || bootstrap.isBlank()) {
            return "bootstrap must name at least one host:port";
        }
        if (customers < 1 || customers > Generator.MAX_COUNT) {
            return "customers must be between 1 and " + Generator.MAX_COUNT + ", was " + customers;
        }
        if (skus < 1 || skus > Generator.MAX_COUNT) {
            return "skus must be between 1 and " + Generator.MAX_COUNT + ", was " + skus;
        }
        if (!(ratePerSec > 0) || Double.isInfinite(ratePerSec)) {
            return "ratePerSec must be a positive number, was " + ratePerSec;
        }
        if (duration == null || duration.isNegative()) {
            return "duration must be zero or more, was " + duration;
        }
        String topicProblem = topicProblem("customersTopic", customersTopic);
        if (topicProblem == null) {
            topicProblem = topicProblem("inventoryTopic", inventoryTopic);
        }
        if (topicProblem == null) {
            topicProblem = topicProblem("deadLetterTopic", deadLetterTopic);
        }
        if (topicProblem != null) {
            return topicProblem;
        }
        if (inventoryTopic.equals(customersTopic)) {
            return "inventoryTopic must differ from customersTopic, both were " + inventoryTopic;
        }
        if (deadLetterTopic.equals(customersTopic) || deadLetterTopic.equals(inventoryTopic)) {
            return "deadLetterTopic must differ from the input topics, was " + deadLetterTopic;
        }
        return null;
    }

    private static String topicProblem(String option, String name) {
        if (name == null || !TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            return option + " must be 1-249 of a-z A-Z 0-9 . _ - (and not . or ..), was " + name;
        }
        return null;
    }
}
