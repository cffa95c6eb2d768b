package junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Binding and closing against a client that is never started (no broker needed). */
class StreamsMetricsTest {

    @Test
    void bindsTheStreamsClientAndTheLagGaugesAndRemovesTheClientsMetersOnClose() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            StreamsMetrics metrics = new StreamsMetrics(streams, registry);

            assertThat(registry.find(MeterNames.STREAM_THREAD_PROCESS_RATIO).gauges()).isNotEmpty();
            // A cumulative count in Kafka, so the binder makes it a counter: kafka_stream_failed_stream_threads_total.
            assertThat(registry.find(MeterNames.STREAM_FAILED_THREADS).functionCounter()).isNotNull();
            assertThat(registry.find(MeterNames.STREAM_ALIVE_THREADS).gauge()).isNotNull();
            assertThat(registry.get(MeterNames.LAG_RECORDS).gauge().value()).isZero();
            assertThat(registry.get(MeterNames.LAG_SECONDS).gauge().value()).isZero();

            metrics.close();

            assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                    .noneMatch(name -> name.startsWith("kafka."));
        }
    }
}
