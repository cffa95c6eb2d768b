package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The stream thread's consumer as the sink sees it: lost partitions drop their queued records
 * before Kafka Streams' own listener runs (whose dirty close would otherwise wait for them to be
 * sent), revoked ones do not, and each poll reports the group generation.
 */
class BarrierConsumerPartitionsTest extends SinkTestBase {

    private static final TopicPartition LOST = new TopicPartition("responses", 0);

    /** A consumer that keeps the rebalance listener it was given, so the test can call it. */
    private static final class ListenerKeepingConsumer extends MockConsumer<byte[], byte[]> {
        ConsumerRebalanceListener listener;

        ListenerKeepingConsumer() {
            super(AutoOffsetResetStrategy.EARLIEST.name());
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener given) {
            listener = given;
            super.subscribe(topics, given);
        }
    }

    /** Kafka Streams' listener, recording what it was told and how many records were queued then. */
    private static final class StreamsListener implements ConsumerRebalanceListener {
        final List<String> calls = new ArrayList<>();
        private final AnalyticsSink sink;

        StreamsListener(AnalyticsSink sink) {
            this.sink = sink;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            calls.add("revoked " + partitions + ", unsettled " + sink.unsettled());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            calls.add("assigned " + partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            calls.add("lost " + partitions + ", unsettled " + sink.unsettled());
        }
    }

    @Test
    void lostPartitionsDropTheirQueuedRecordsBeforeKafkaStreamsHearsOfItAndRevokedOnesDoNot() {
        Sinks.Empty<Void> release = Sinks.empty();
        TestEndpoint endpoint = endpoint(request -> release.asMono().then(Mono.just(200)));
        AnalyticsSink sink = sink(config(endpoint).lanes(1).maxBatchRecords(1).build());
        ListenerKeepingConsumer mock = new ListenerKeepingConsumer();
        Consumer<byte[], byte[]> consumer = new BarrierClientSupplier.BarrierConsumer(mock, new CommitBarrier(), sink,
                new PausedThreadFence());
        StreamsListener streams = new StreamsListener(sink);
        consumer.subscribe(List.of("responses"), streams);
        submit(sink, TestRecords.record("a", 1).withSource(LOST));
        submit(sink, TestRecords.record("b", 1).withSource(LOST));
        submit(sink, TestRecords.record("c", 1).withSource(LOST));

        mock.listener.onPartitionsRevoked(List.of(LOST));
        mock.listener.onPartitionsLost(List.of(LOST));

        // Revoked: the barrier gave them up to 5 s to settle (the endpoint holds its answers), then the hand-over went on.
        assertThat(streams.calls).containsExactly(
                "revoked [responses-0], unsettled 3",
                "lost [responses-0], unsettled 1");
        release.tryEmitEmpty();
    }

    @Test
    void eachPollReportsTheGroupGeneration() {
        AnalyticsSink sink = sink(config(endpointAnswering(200)).build());
        MockConsumer<byte[], byte[]> mock = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        mock.assign(List.of(LOST));
        mock.updateBeginningOffsets(Map.of(LOST, 0L));
        Consumer<byte[], byte[]> consumer = new BarrierClientSupplier.BarrierConsumer(mock, new CommitBarrier(), sink,
                new PausedThreadFence());

        assertThat(sink.groupGeneration().current()).isEqualTo(-1);
        consumer.poll(Duration.ZERO);

        assertThat(sink.groupGeneration().current()).isEqualTo(mock.groupMetadata().generationId());
    }
}
