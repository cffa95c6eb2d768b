package junction.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import junction.metrics.MeterNames;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the app's input back while any cause asks for it, and lets it go when none does. Holding is
 * {@link KafkaStreams#pause()}: the stream threads stop processing but keep polling, heartbeating
 * and committing, so a hold of any length costs no rebalance and lets the commit barrier commit
 * what the sink acknowledges meanwhile.
 */
final class InputGate {

    private static final Logger log = LoggerFactory.getLogger(InputGate.class);

    /** Why the input is held; the tag is the {@code cause} of {@code junction_input_paused}. */
    enum Cause {
        /** The endpoint as a whole fails (the sink is PAUSED). */
        ENDPOINT("endpoint"),
        /** The sink holds more than it delivers in --sink-max-unsettled-time. */
        SINK_FULL("sink_full"),
        /** The app is stopping: the sink drains before the last commit. */
        SHUTDOWN("shutdown");

        final String tag;

        Cause(String tag) {
            this.tag = tag;
        }
    }

    private final KafkaStreams streams;
    private final Set<Cause> causes = EnumSet.noneOf(Cause.class);

    InputGate(KafkaStreams streams, MeterRegistry registry) {
        this.streams = streams;
        for (Cause cause : Cause.values()) {
            Gauge.builder(MeterNames.INPUT_PAUSED, this, gate -> gate.holds(cause) ? 1 : 0)
                    .description("1 while the app holds its input back for this cause, else 0")
                    .tag(MeterNames.TAG_CAUSE, cause.tag)
                    .register(registry);
        }
    }

    synchronized void hold(Cause cause) {
        if (causes.add(cause) && causes.size() == 1) {
            log.info("holding the input back ({})", cause.tag);
            streams.pause();
        }
    }

    synchronized void release(Cause cause) {
        if (causes.remove(cause) && causes.isEmpty() && streams.isPaused()) {
            log.info("taking input again ({} cleared)", cause.tag);
            streams.resume();
        }
    }

    synchronized boolean holds(Cause cause) {
        return causes.contains(cause);
    }

    synchronized List<Cause> causes() {
        return List.copyOf(causes);
    }
}
