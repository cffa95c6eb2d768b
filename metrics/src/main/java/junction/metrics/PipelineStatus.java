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
     * Alive: Kafka Streams has not failed. The app answers a stream thread's uncaught exception
     * with SHUTDOWN_CLIENT, so a dead thread shows here as PENDING_ERROR or ERROR, a state this
     * process never leaves; only a restart (which re-reads what was not committed) helps. Every
     * other state, rebalancing and an endpoint outage included, is alive: a restart would not cure it.
     */
    default boolean live() {
        KafkaStreams.State streams = streamsState();
        return streams != KafkaStreams.State.PENDING_ERROR && streams != KafkaStreams.State.ERROR;
    }

    /**
     * How delivery is going, for {@code /health} and {@code /summary}: the endpoint's problem, how
     * long commits have been held back, why input is held. Empty when the app has no sink.
     */
    default Map<String, Object> delivery() {
        return Map.of();
    }

    /**
     * This instance's stream threads: how many there are and how many are RUNNING (processing
     * their tasks). While the instance is REBALANCING some may already run: with two threads the
     * first often works through the tasks it was given while the second still joins.
     */
    default StreamThreads streamThreads() {
        return new StreamThreads(0, 0);
    }

    /** A count of stream threads, for {@code /health}. */
    record StreamThreads(int running, int total) {
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
