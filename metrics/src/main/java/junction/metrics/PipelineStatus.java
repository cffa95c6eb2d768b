package junction.metrics;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** What the app tells the ops endpoints about its state; implemented by the app, read per request. */
public interface PipelineStatus {

    /** How the sink is doing: DEGRADED while retrying, PAUSED under backpressure, FAILED when it gave up. */
    enum SinkState {
        OK, DEGRADED, PAUSED, FAILED
    }

    KafkaStreams.State streamsState();

    SinkState sinkState();

    /** When the endpoint last acknowledged a batch; null before the first. */
    Instant lastDelivery();

    /**
     * How delivery is going, for {@code /health} and {@code /summary}: the endpoint's problem, how
     * long commits have been held back, why input is held. Empty when the app has no sink.
     */
    default Map<String, Object> delivery() {
        return Map.of();
    }

    /** How long the longest-held partition's commit has not advanced while records wait for the endpoint. */
    default double commitStalledSeconds() {
        return 0;
    }

    /** Ready to do work: streams RUNNING and the sink neither paused nor failed. */
    default boolean ready() {
        SinkState sink = sinkState();
        return streamsState() == KafkaStreams.State.RUNNING && sink != SinkState.PAUSED && sink != SinkState.FAILED;
    }
}
