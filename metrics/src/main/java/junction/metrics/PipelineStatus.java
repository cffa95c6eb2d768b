package junction.metrics;

import java.time.Instant;
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

    /** Ready to do work: streams RUNNING and the sink neither paused nor failed. */
    default boolean ready() {
        SinkState sink = sinkState();
        return streamsState() == KafkaStreams.State.RUNNING && sink != SinkState.PAUSED && sink != SinkState.FAILED;
    }
}
