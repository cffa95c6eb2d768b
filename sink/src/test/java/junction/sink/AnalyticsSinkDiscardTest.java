package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Dropping the queued records of partitions this instance lost ({@link AnalyticsSink#discardUnsent}):
 * they are settled without being sent, the batch in flight and the other partitions' records are
 * not touched, and requests carry the instance's group generation.
 */
class AnalyticsSinkDiscardTest extends SinkTestBase {

    private static final TopicPartition LOST = new TopicPartition("responses", 0);
    private static final TopicPartition KEPT = new TopicPartition("responses", 1);

    @Test
    void queuedRecordsOfALostPartitionAreSettledAndNeverSent() {
        Sinks.Empty<Void> release = Sinks.empty();
        TestEndpoint endpoint = endpoint(request -> release.asMono().then(Mono.just(200)));
        // One lane of one-record batches: the first record is in flight, the others wait in the queue.
        AnalyticsSink sink = sink(config(endpoint).lanes(1).maxBatchRecords(1).build());
        SinkRecord inFlight = record("a", 1).withSource(LOST);
        SinkRecord lost = record("b", 1).withSource(LOST);
        SinkRecord kept = record("c", 1).withSource(KEPT);
        submit(sink, inFlight);
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        submit(sink, lost);
        submit(sink, kept);

        int dropped = sink.discardUnsent(r -> LOST.equals(r.source()));

        assertThat(dropped).isEqualTo(1);
        assertThat(settlements.settled(lost)).as("settled for the barrier at once").isEqualTo(1);
        assertThat(settlements.settled(kept)).isZero();
        release.tryEmitEmpty();
        await().atMost(WAIT).until(() -> settlements.settled(kept) == 1 && settlements.settled(inFlight) == 1);
        assertThat(endpoint.requests()).extracting(r -> r.lines().get(0))
                .as("the batch in flight was sent; the lost partition's queued record never")
                .containsExactly(TestRecords.body(inFlight), TestRecords.body(kept));
        assertThat(sink.unsettled()).isZero();
        assertThat(settlements.settledTwice()).isZero();
    }

    @Test
    void requestsCarryTheGroupGenerationOnceKnown() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());
        submit(sink, record("a", 1));
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        sink.groupGeneration().seen(7);
        sink.groupGeneration().seen(5);
        submit(sink, record("a", 2));
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 2);

        assertThat(endpoint.requests().get(0).headers().get(HttpDelivery.GENERATION_HEADER)).as("unknown yet").isNull();
        assertThat(endpoint.requests().get(1).headers().get(HttpDelivery.GENERATION_HEADER))
                .as("the newest generation seen").isEqualTo("7");
    }
}
