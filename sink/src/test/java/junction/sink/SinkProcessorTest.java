package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The processor on a (stand-in) stream thread, against a real sink and endpoint. */
class SinkProcessorTest extends SinkTestBase {

    private final DeliveryBarrier barrier = new DeliveryBarrier();
    private final Function<Record<String, String>, SinkRecord> encoder = record -> record.value() == null ? null
            : new SinkRecord(record.key(), record.key() + "@" + record.timestamp(),
                    ("{\"v\":\"" + record.value() + "\"}").getBytes(StandardCharsets.UTF_8), record.timestamp());

    @Test
    void theBarrierReleasesOnceTheEndpointAcknowledged() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).linger(Duration.ofMillis(500)).build());
        Processor<String, String, Void, Void> processor = SinkProcessor.supplier(sink, barrier, encoder).get();

        processor.process(new Record<>("c1", "a", 1L));
        processor.process(new Record<>("c2", "b", 2L));
        assertThat(barrier.unsettled()).isEqualTo(2);

        barrier.awaitSettled(WAIT);

        assertThat(endpoint.requests()).flatExtracting(TestEndpoint.Request::lines)
                .containsExactlyInAnyOrder("{\"v\":\"a\"}", "{\"v\":\"b\"}");
    }

    @Test
    void aRecordTheEncoderSkipsIsNeitherSentNorAwaited() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());
        Processor<String, String, Void, Void> processor = SinkProcessor.supplier(sink, barrier, encoder).get();

        processor.process(new Record<>("c1", null, 1L));

        assertThat(barrier.unsettled()).isZero();
        assertThat(sink.unsettled()).isZero();
    }

    @Test
    void aRecordTheSinkRefusedIsNotAwaited() {
        AnalyticsSink sink = sink(config(endpointAnswering(200)).build());
        sink.close(WAIT);
        Processor<String, String, Void, Void> processor = SinkProcessor.supplier(sink, barrier, encoder).get();

        assertThatThrownBy(() -> processor.process(new Record<>("c1", "a", 1L))).isInstanceOf(IllegalStateException.class);
        assertThat(barrier.unsettled()).isZero();
    }
}
