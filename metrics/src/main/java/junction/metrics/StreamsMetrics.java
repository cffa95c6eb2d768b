package junction.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Binds the Kafka Streams client's own metrics ({@code kafka_stream_thread_*},
 * {@code kafka_consumer_fetch_manager_*}, ...) and the derived lag gauges. Close it on shutdown,
 * before closing the registry.
 *
 * <p>The binder registers Kafka metrics that appear later (per-partition lag after assignment)
 * on its refresh; we refresh every 10 s instead of the default 60 s so lag shows up quickly.
 */
public final class StreamsMetrics implements AutoCloseable {

    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(10);

    private final KafkaStreamsMetrics binder;
    private final ScheduledExecutorService refresher = DaemonThreads.scheduler("junction-kafka-metrics");

    public StreamsMetrics(KafkaStreams streams, MeterRegistry registry) {
        this.binder = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, REFRESH_INTERVAL);
        binder.bindTo(registry);
        new ConsumerLag(registry).register();
    }

    @Override
    public void close() {
        binder.close();
        refresher.shutdownNow();
    }
}
