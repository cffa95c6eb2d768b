package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The barrier's offsets, purges and stall clock, on a hand-moved clock; and its consumer, on Kafka's MockConsumer. */
class CommitBarrierTest {

    private static final TopicPartition CUSTOMERS = new TopicPartition("customers", 0);
    private static final TopicPartition RESPONSES = new TopicPartition("app-subscription-response-topic", 0);
    private final AtomicLong now = new AtomicLong();
    private final CommitBarrier barrier = new CommitBarrier(now::get);

    private long commit(TopicPartition tp, long wanted) {
        return barrier.clamp(Map.of(tp, new OffsetAndMetadata(wanted, Optional.of(3), "meta"))).get(tp).offset();
    }

    @Test
    void aPartitionCommitsUpToItsOldestUnsettledRecordAndNoFurther() {
        Runnable at10 = barrier.register(CUSTOMERS, 10);
        Runnable at12 = barrier.register(CUSTOMERS, 12);
        Runnable alsoAt12 = barrier.register(CUSTOMERS, 12);

        assertThat(commit(CUSTOMERS, 15)).isEqualTo(10);
        at12.run();
        assertThat(commit(CUSTOMERS, 15)).as("10 is still out").isEqualTo(10);
        at10.run();
        assertThat(commit(CUSTOMERS, 15)).as("one record of offset 12 is still out").isEqualTo(12);
        alsoAt12.run();
        alsoAt12.run();
        assertThat(commit(CUSTOMERS, 15)).isEqualTo(15);
        assertThat(barrier.unsettled()).isZero();
    }

    @Test
    void partitionsAreHeldBackIndependently() {
        barrier.register(RESPONSES, 4);

        Map<TopicPartition, OffsetAndMetadata> committed = barrier.clamp(Map.of(
                CUSTOMERS, new OffsetAndMetadata(20, Optional.of(3), "meta"),
                RESPONSES, new OffsetAndMetadata(9, Optional.of(3), "meta")));

        assertThat(committed.get(CUSTOMERS)).isEqualTo(new OffsetAndMetadata(20, Optional.of(3), "meta"));
        // Held back: the epoch belonged to offset 9, the metadata (partition time) is kept.
        assertThat(committed.get(RESPONSES)).isEqualTo(new OffsetAndMetadata(4, Optional.empty(), "meta"));
    }

    @Test
    void repartitionRecordsArePurgedOnlyUpToWhatWasReallyCommitted() {
        barrier.register(RESPONSES, 4);
        commit(RESPONSES, 9);

        Map<TopicPartition, RecordsToDelete> purge = barrier.purgeLimit(Map.of(
                RESPONSES, RecordsToDelete.beforeOffset(9),
                new TopicPartition("never-committed", 0), RecordsToDelete.beforeOffset(5)));

        assertThat(purge).containsOnlyKeys(RESPONSES);
        assertThat(purge.get(RESPONSES).beforeOffset()).isEqualTo(4);
    }

    @Test
    void theStallClockRunsOnlyWhileACommitIsHeldBackWithoutAdvancing() {
        Runnable first = barrier.register(CUSTOMERS, 1);
        barrier.register(CUSTOMERS, 2);
        commit(CUSTOMERS, 3);
        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(barrier.commitStalledSeconds()).isEqualTo(40.0);
        assertThat(barrier.oldestUnsettledSeconds()).isEqualTo(40.0);

        first.run();
        commit(CUSTOMERS, 3);
        assertThat(barrier.commitStalledSeconds()).as("advanced to 2, still held").isZero();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(barrier.commitStalledSeconds()).isEqualTo(5.0);
    }

    @Test
    void theMainConsumerCommitsThroughTheBarrierAndRefusesToCommitItsPositions() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(java.util.List.of(CUSTOMERS));
        BarrierClientSupplier.BarrierConsumer wrapped = new BarrierClientSupplier.BarrierConsumer(consumer, barrier);
        barrier.register(CUSTOMERS, 6);

        wrapped.commitSync(Map.of(CUSTOMERS, new OffsetAndMetadata(10)));

        assertThat(consumer.committed(java.util.Set.of(CUSTOMERS)).get(CUSTOMERS).offset()).isEqualTo(6);
        assertThatThrownBy(wrapped::commitSync).isInstanceOf(UnsupportedOperationException.class);
    }
}
