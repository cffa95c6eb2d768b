package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The processor on a (stand-in) stream thread, against a real sink and endpoint. */
class SinkProcessorTest extends SinkTestBase {

    private static final TopicPartition INPUT = new TopicPartition("customers", 0);
    private final CommitBarrier barrier = new CommitBarrier();
    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final Function<Record<String, String>, SinkRecord> encoder = record -> record.value() == null ? null
            : new SinkRecord(record.key(), record.key() + "@" + record.timestamp(),
                    ("{\"v\":\"" + record.value() + "\"}").getBytes(StandardCharsets.UTF_8), record.timestamp());

    private Processor<String, String, Void, Void> processor(AnalyticsSink sink) {
        Processor<String, String, Void, Void> processor =
                SinkProcessor.supplier(sink, barrier, encoder, Duration.ofSeconds(1)).get();
        processor.init(context);
        return processor;
    }

    private void processAt(Processor<String, String, Void, Void> processor, long offset, Record<String, String> record) {
        context.setRecordMetadata(INPUT.topic(), INPUT.partition(), offset);
        processor.process(record);
    }

    private long committable(long wanted) {
        return barrier.clamp(Map.of(INPUT, new OffsetAndMetadata(wanted))).get(INPUT).offset();
    }

    @Test
    void theCommitPassesARecordOnlyOnceTheEndpointAcknowledgedIt() {
        TestEndpoint endpoint = endpoint(request -> reactor.core.publisher.Mono.just(200).delayElement(Duration.ofMillis(300)));
        AnalyticsSink sink = sink(config(endpoint).build());
        Processor<String, String, Void, Void> processor = processor(sink);

        processAt(processor, 7, new Record<>("c1", "a", 1L));
        processAt(processor, 8, new Record<>("c2", "b", 2L));
        assertThat(barrier.unsettled()).isEqualTo(2);
        // Kafka Streams would commit 9, the position after the last processed record: held at 7.
        assertThat(committable(9)).isEqualTo(7);

        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> barrier.unsettled() == 0);
        assertThat(committable(9)).isEqualTo(9);
        assertThat(endpoint.requests()).flatExtracting(TestEndpoint.Request::lines)
                .containsExactlyInAnyOrder("{\"v\":\"a\"}", "{\"v\":\"b\"}");
    }

    @Test
    void aPunctuationEveryCommitIntervalKeepsAnIdleTaskCommitting() {
        processor(sink(config(endpointAnswering(200)).build()));

        assertThat(context.scheduledPunctuators()).singleElement()
                .satisfies(p -> assertThat(p.getInterval()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aRecordTheEncoderSkipsIsNeitherSentNorAwaited() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());
        Processor<String, String, Void, Void> processor = processor(sink);

        processAt(processor, 3, new Record<>("c1", null, 1L));

        assertThat(barrier.unsettled()).isZero();
        assertThat(sink.unsettled()).isZero();
    }

    @Test
    void aRecordTheSinkRefusedIsNotAwaited() {
        AnalyticsSink sink = sink(config(endpointAnswering(200)).build());
        sink.close(WAIT);
        Processor<String, String, Void, Void> processor = processor(sink);

        assertThatThrownBy(() -> processAt(processor, 3, new Record<>("c1", "a", 1L))).isInstanceOf(IllegalStateException.class);
        assertThat(barrier.unsettled()).isZero();
        assertThat(committable(4)).isEqualTo(4);
    }
}
