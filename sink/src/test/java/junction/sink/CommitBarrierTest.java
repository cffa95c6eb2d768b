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

    /** What the consumer does: clamp, commit (accepted here), record. */
    private long commit(TopicPartition tp, long wanted) {
        Map<TopicPartition, OffsetAndMetadata> want = Map.of(tp, new OffsetAndMetadata(wanted, Optional.of(3), "meta"));
        Map<TopicPartition, OffsetAndMetadata> clamped = barrier.clamp(want);
        barrier.committed(clamped, want);
        return clamped.get(tp).offset();
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
    void aCommitTheBrokerRefusedAllowsNoPurge() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                throw new org.apache.kafka.clients.consumer.CommitFailedException();
            }
        };
        BarrierClientSupplier.BarrierConsumer wrapped = new BarrierClientSupplier.BarrierConsumer(consumer, barrier, null,
                new PausedThreadFence());

        assertThatThrownBy(() -> wrapped.commitSync(Map.of(RESPONSES, new OffsetAndMetadata(9))))
                .isInstanceOf(org.apache.kafka.clients.consumer.CommitFailedException.class);

        assertThat(barrier.purgeLimit(Map.of(RESPONSES, RecordsToDelete.beforeOffset(9)))).isEmpty();
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
        BarrierClientSupplier.BarrierConsumer wrapped = new BarrierClientSupplier.BarrierConsumer(consumer, barrier, null,
                new PausedThreadFence());
        barrier.register(CUSTOMERS, 6);

        wrapped.commitSync(Map.of(CUSTOMERS, new OffsetAndMetadata(10)));

        assertThat(consumer.committed(java.util.Set.of(CUSTOMERS)).get(CUSTOMERS).offset()).isEqualTo(6);
        assertThatThrownBy(wrapped::commitSync).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theAdminPurgesOnlyWhatWasCommittedAndPassesEverythingElseThrough() {
        // A stand-in admin that records the calls it gets.
        java.util.List<String> calls = new java.util.ArrayList<>();
        java.util.List<Object> purged = new java.util.ArrayList<>();
        org.apache.kafka.clients.admin.Admin recording = (org.apache.kafka.clients.admin.Admin) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.apache.kafka.clients.admin.Admin.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("deleteRecords")) {
                        purged.add(args[0]);
                    }
                    return null;
                });
        org.apache.kafka.clients.admin.Admin admin = BarrierClientSupplier.purgeGuard(recording, barrier);
        barrier.register(RESPONSES, 4);
        commit(RESPONSES, 9);

        admin.deleteRecords(Map.of(RESPONSES, RecordsToDelete.beforeOffset(9),
                new TopicPartition("never-committed", 0), RecordsToDelete.beforeOffset(5)));
        admin.registerMetricForSubscription(null);

        assertThat(purged).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<TopicPartition, RecordsToDelete> limited = (Map<TopicPartition, RecordsToDelete>) purged.get(0);
        assertThat(limited).containsOnlyKeys(RESPONSES);
        assertThat(limited.get(RESPONSES).beforeOffset()).isEqualTo(4);
        assertThat(calls).contains("registerMetricForSubscription");
    }

    @Test
    void revokedPartitionsGetTheirRecordsSettledBeforeTheHandOverCommit() {
        CommitBarrier barrier = new CommitBarrier();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        BarrierClientSupplier.BarrierConsumer wrapped = new BarrierClientSupplier.BarrierConsumer(consumer, barrier, null,
                new PausedThreadFence());
        java.util.List<Integer> unsettledAtRevocation = new java.util.ArrayList<>();
        wrapped.subscribe(java.util.List.of(CUSTOMERS.topic()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                unsettledAtRevocation.add(barrier.unsettled());
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
            }
        });
        consumer.rebalance(java.util.List.of(CUSTOMERS));
        Runnable settle = barrier.register(CUSTOMERS, 6);
        // The sink acknowledges it a moment later, on another thread.
        java.util.concurrent.CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS).execute(settle);

        consumer.rebalance(java.util.List.of());

        assertThat(unsettledAtRevocation).containsExactly(0);
    }

    @Test
    void whatSettlesWhileKafkaStreamsCommitsNothingIsCommittedBetweenPolls() {
        CommitBarrier barrier = new CommitBarrier();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(java.util.List.of(CUSTOMERS));
        consumer.updateBeginningOffsets(Map.of(CUSTOMERS, 0L));
        BarrierClientSupplier.BarrierConsumer wrapped = new BarrierClientSupplier.BarrierConsumer(consumer, barrier, null,
                new PausedThreadFence());
        Runnable settle = barrier.register(CUSTOMERS, 6);
        // Kafka Streams' last commit before its input was paused: held back at 6.
        wrapped.commitSync(Map.of(CUSTOMERS, new OffsetAndMetadata(10, "partition-time")));
        assertThat(consumer.committed(java.util.Set.of(CUSTOMERS)).get(CUSTOMERS).offset()).isEqualTo(6);

        settle.run();

        // No commit from Kafka Streams now (nothing processed); the consumer's polls commit on their own.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            wrapped.poll(Duration.ZERO);
            return consumer.committed(java.util.Set.of(CUSTOMERS)).get(CUSTOMERS).offset() == 10;
        });
        assertThat(consumer.committed(java.util.Set.of(CUSTOMERS)).get(CUSTOMERS).metadata()).isEqualTo("partition-time");
        assertThat(barrier.purgeLimit(Map.of(CUSTOMERS, RecordsToDelete.beforeOffset(10))).get(CUSTOMERS).beforeOffset())
                .isEqualTo(10);
    }
}
