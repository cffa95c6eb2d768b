package junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which Kafka client meters reach the registry. The meters come through Micrometer's own Kafka
 * binder (on a {@link MockProducer} with the metrics Kafka clients and Streams register), so the
 * tag keys are the binder's, not ones this test made up.
 */
class KafkaClientMeterFilterTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> client = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private KafkaClientMetrics binder;

    KafkaClientMeterFilterTest() {
        registry.config().meterFilter(new KafkaClientMeterFilter());
    }

    @AfterEach
    void close() {
        if (binder != null) {
            binder.close();
        }
    }

    /** Binds the binder to a client that reports these metrics (group, name, tag pairs), each with the value 1. */
    private void bind(Map<MetricName, Double> metrics) {
        metrics.forEach((name, value) -> client.setMockMetrics(name, new ConstantMetric(name, value)));
        binder = new KafkaClientMetrics(client);
        binder.bindTo(registry);
    }

    private static MetricName name(String group, String name, String... tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            map.put(tags[i], tags[i + 1]);
        }
        return new MetricName(name, group, "", map);
    }

    private boolean registered(String meterName) {
        return registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).anyMatch(meterName::equals);
    }

    @Test
    void keepsPerClientAndPerThreadMeters() {
        Map<MetricName, Double> metrics = new LinkedHashMap<>();
        metrics.put(name("stream-thread-metrics", "process-ratio", "thread-id", "app-StreamThread-1"), 1.0);
        metrics.put(name("producer-metrics", "record-send-rate", "client-id", "app-producer"), 1.0);
        bind(metrics);

        assertThat(registered(MeterNames.STREAM_THREAD_PROCESS_RATIO)).isTrue();
        assertThat(registered("kafka.producer.record.send.rate")).isTrue();
    }

    @Test
    void deniesPerTaskPerStorePerProcessorPerNodeAndPerPartitionMeters() {
        Map<MetricName, Double> metrics = new LinkedHashMap<>();
        metrics.put(name("stream-task-metrics", "process-rate", "thread-id", "t1", "task-id", "0_1"), 1.0);
        metrics.put(name("stream-state-metrics", "put-rate", "thread-id", "t1", "task-id", "0_1",
                "rocksdb-state-id", "customers-store"), 1.0);
        metrics.put(name("stream-processor-node-metrics", "process-rate", "thread-id", "t1", "task-id", "0_1",
                "processor-node-id", "customers-source"), 1.0);
        metrics.put(name("producer-node-metrics", "request-rate", "client-id", "p1", "node-id", "node-1"), 1.0);
        metrics.put(name("consumer-fetch-manager-metrics", "preferred-read-replica", "client-id", "c1",
                "topic", "customers", "partition", "0"), 1.0);
        metrics.put(name("producer-topic-metrics", "record-send-rate", "client-id", "p1", "topic", "customer-inventory"), 1.0);
        bind(metrics);

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).noneMatch(n -> n.startsWith("kafka."));
    }

    @Test
    void keepsTheLagPerPartitionAndTheConsumedRatePerTopicTheDashboardAndLagGaugesRead() {
        Map<MetricName, Double> metrics = new LinkedHashMap<>();
        metrics.put(name("consumer-fetch-manager-metrics", "records-lag", "client-id", "c1", "topic", "customers", "partition", "3"), 7.0);
        metrics.put(name("consumer-fetch-manager-metrics", "records-consumed-rate", "client-id", "c1", "topic", "customers"), 2.0);
        bind(metrics);

        ConsumerLag lag = new ConsumerLag(registry);
        assertThat(lag.records()).isEqualTo(7.0);
        assertThat(lag.consumeRate()).isEqualTo(2.0);
    }

    /** A Kafka metric with a fixed value. */
    private record ConstantMetric(MetricName metricName, double value) implements Metric {
        @Override
        public Object metricValue() {
            return value;
        }
    }
}
