package junction.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import junction.metrics.MeterNames;
import junction.model.BadRecordException.Reason;

/**
 * {@code junction_dead_letters_total{reason}} for the input records the topology refused, one
 * counter per {@link Reason}, registered up front so dashboards and alerts see 0 rather than no
 * series. The sink registers the same meter with its own reasons (rejected_by_endpoint,
 * retries_exhausted), so the one meter counts every dead letter by why.
 *
 * <p>Kafka Streams builds its exception handlers from class names, so the app hands this object
 * to them through its streams configuration, under {@link #CONFIG}.
 */
public final class TopologyDeadLetters {

    /** The streams-config entry the handlers find this under; Kafka Streams itself ignores it. */
    public static final String CONFIG = "junction.topology.dead.letters";

    private final Map<Reason, Counter> counters;

    public TopologyDeadLetters(MeterRegistry registry) {
        counters = Arrays.stream(Reason.values()).collect(Collectors.toUnmodifiableMap(Function.identity(),
                reason -> Counter.builder(MeterNames.DEAD_LETTERS)
                        .description("Records written to the dead-letter topic, by reason")
                        .tag(MeterNames.TAG_REASON, reason.tag())
                        .register(registry)));
    }

    void count(Reason reason) {
        counters.get(reason).increment();
    }

    /** The instance in a handler's configs, or null when the app did not pass one (nothing is counted). */
    static TopologyDeadLetters in(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof TopologyDeadLetters counters ? counters : null;
    }
}
