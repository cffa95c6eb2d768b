package junction.sink;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' clients with the {@link CommitBarrier} in the two places it needs: the main
 * consumer's offset commits and the admin's purge of repartition topics. The main consumer also
 * tells the sink what Kafka Streams keeps to itself: the group generation (after each poll, for
 * the requests' header and the records' versions) and lost partitions; and the stream threads'
 * producers write nothing after a pause longer than the session timeout ({@link PausedThreadFence}).
 * Everything else is passed through unchanged.
 */
final class BarrierClientSupplier implements KafkaClientSupplier {

    private static final Logger log = LoggerFactory.getLogger(BarrierClientSupplier.class);

    private final KafkaClientSupplier delegate;
    private final CommitBarrier barrier;
    private final AnalyticsSink sink;
    private final PausedThreadFence fence = new PausedThreadFence();

    BarrierClientSupplier(KafkaClientSupplier delegate, CommitBarrier barrier, AnalyticsSink sink) {
        this.delegate = delegate;
        this.barrier = barrier;
        this.sink = sink;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return purgeGuard(delegate.getAdmin(config), barrier);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return fence.guard(delegate.getProducer(config));
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        fence.configure(config);
        return new BarrierConsumer(delegate.getConsumer(config), barrier, sink, fence);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return delegate.getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return delegate.getGlobalConsumer(config);
    }

    /**
     * The admin, except that it deletes repartition records only up to what the barrier committed.
     * A proxy rather than a subclass of Kafka's {@code ForwardingAdmin}: that one cannot wrap an
     * existing admin and refuses the telemetry calls Kafka Streams makes on its admin.
     */
    static Admin purgeGuard(Admin delegate, CommitBarrier barrier) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("deleteRecords") && args != null && args.length > 0 && args[0] instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<TopicPartition, RecordsToDelete> requested = (Map<TopicPartition, RecordsToDelete>) args[0];
                args = args.clone();
                args[0] = barrier.purgeLimit(requested);
            }
            return forward(delegate, method, args);
        };
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, handler);
    }

    /** What a proxy's handler does after its check: the call on the real client, its exception as thrown. */
    static Object forward(Object delegate, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The stream thread's main consumer: its commits of explicit offsets pass the barrier. */
    static final class BarrierConsumer implements Consumer<byte[], byte[]> {
        /** Short: a rebalance must not wait for a slow endpoint; what does not settle is re-sent by the next owner. */
        static final Duration REVOCATION_WAIT = Duration.ofSeconds(5);
        /** How often, at most, the consumer commits settled records between Kafka Streams' own commits. */
        static final Duration SETTLED_COMMIT_INTERVAL = Duration.ofSeconds(1);
        private long lastSettledCommit = System.nanoTime();
        private final Consumer<byte[], byte[]> delegate;
        private final CommitBarrier barrier;
        private final AnalyticsSink sink;
        private final PausedThreadFence fence;

        /**
         * {@code sink} hears of generations and lost partitions (null for none); {@code fence} of
         * every poll, so the thread's producer can tell a paused thread.
         */
        BarrierConsumer(Consumer<byte[], byte[]> delegate, CommitBarrier barrier, AnalyticsSink sink,
                PausedThreadFence fence) {
            this.delegate = delegate;
            this.barrier = barrier;
            this.sink = sink;
            this.fence = fence;
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            Map<TopicPartition, OffsetAndMetadata> clamped = barrier.clamp(offsets);
            delegate.commitSync(clamped);
            barrier.committed(clamped, offsets);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            Map<TopicPartition, OffsetAndMetadata> clamped = barrier.clamp(offsets);
            delegate.commitSync(clamped, timeout);
            barrier.committed(clamped, offsets);
        }

        @Override
        public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            Map<TopicPartition, OffsetAndMetadata> clamped = barrier.clamp(offsets);
            delegate.commitAsync(clamped, (committed, error) -> {
                if (error == null) {
                    barrier.committed(clamped, offsets);
                }
                if (callback != null) {
                    callback.onComplete(committed, error);
                }
            });
        }

        // Committing "the current positions" would pass records the sink still holds; Kafka
        // Streams never does it, and nothing else may.
        @Override
        public void commitSync() {
            throw positionsCommit();
        }

        @Override
        public void commitSync(Duration timeout) {
            throw positionsCommit();
        }

        @Override
        public void commitAsync() {
            throw positionsCommit();
        }

        @Override
        public void commitAsync(OffsetCommitCallback callback) {
            throw positionsCommit();
        }

        private static UnsupportedOperationException positionsCommit() {
            return new UnsupportedOperationException(
                    "committing the consumer's positions would bypass the commit barrier; commit explicit offsets");
        }

        @Override
        public Set<TopicPartition> assignment() {
            return delegate.assignment();
        }

        @Override
        public Set<String> subscription() {
            return delegate.subscription();
        }

        @Override
        public void subscribe(Collection<String> topics) {
            delegate.subscribe(topics);
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
            delegate.subscribe(topics, settlingBeforeRevocation(callback));
        }

        @Override
        public void assign(Collection<TopicPartition> partitions) {
            delegate.assign(partitions);
        }

        @Override
        public void subscribe(Pattern pattern, ConsumerRebalanceListener callback) {
            delegate.subscribe(pattern, settlingBeforeRevocation(callback));
        }

        @Override
        public void subscribe(Pattern pattern) {
            delegate.subscribe(pattern);
        }

        @Override
        public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener callback) {
            delegate.subscribe(pattern, settlingBeforeRevocation(callback));
        }

        /**
         * Kafka Streams commits revoked partitions in its listener: give their records in the sink
         * up to {@link #REVOCATION_WAIT} to settle first, so the hand-over commit covers them.
         * Lost partitions (the member was fenced: session timeout, a long GC pause, a frozen VM)
         * are someone else's already: their queued records are dropped before Kafka Streams hears
         * of the loss, so this zombie sends nothing more of them; the new owner sends them.
         */
        private ConsumerRebalanceListener settlingBeforeRevocation(ConsumerRebalanceListener callback) {
            return new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    barrier.awaitSettled(partitions, REVOCATION_WAIT);
                    callback.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    callback.onPartitionsAssigned(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (sink != null) {
                        Set<TopicPartition> lost = Set.copyOf(partitions);
                        sink.discardUnsent(record -> record.source() != null && lost.contains(record.source()));
                    }
                    callback.onPartitionsLost(partitions);
                }
            };
        }

        @Override
        public void subscribe(SubscriptionPattern pattern) {
            delegate.subscribe(pattern);
        }

        @Override
        public void unsubscribe() {
            delegate.unsubscribe();
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = delegate.poll(timeout);
            fence.polled();
            if (sink != null) {
                sink.groupGeneration().seen(delegate.groupMetadata().generationId());
            }
            commitSettled();
            return records;
        }

        /**
         * At most every {@link #SETTLED_COMMIT_INTERVAL}, commits what the sink settled since the
         * last commit for the partitions assigned now (see {@link CommitBarrier#advanced}). On the
         * stream thread, which owns this consumer; a commit refused by a rebalance is left to
         * Kafka Streams' own next commit.
         */
        private void commitSettled() {
            long now = System.nanoTime();
            if (now - lastSettledCommit < SETTLED_COMMIT_INTERVAL.toNanos()) {
                return;
            }
            lastSettledCommit = now;
            Map<TopicPartition, OffsetAndMetadata> advanced = barrier.advanced(delegate.assignment());
            if (advanced.isEmpty()) {
                return;
            }
            try {
                delegate.commitSync(advanced);
                barrier.committed(advanced, barrier.lastWanted(advanced.keySet()));
            } catch (KafkaException e) {
                log.debug("committing settled records between polls failed, Kafka Streams' next commit retries: {}", e.toString());
            }
        }

        @Override
        public void registerMetricForSubscription(KafkaMetric metric) {
            delegate.registerMetricForSubscription(metric);
        }

        @Override
        public void unregisterMetricFromSubscription(KafkaMetric metric) {
            delegate.unregisterMetricFromSubscription(metric);
        }

        @Override
        public void seek(TopicPartition partition, long offset) {
            delegate.seek(partition, offset);
        }

        @Override
        public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
            delegate.seek(partition, offsetAndMetadata);
        }

        @Override
        public void seekToBeginning(Collection<TopicPartition> partitions) {
            delegate.seekToBeginning(partitions);
        }

        @Override
        public void seekToEnd(Collection<TopicPartition> partitions) {
            delegate.seekToEnd(partitions);
        }

        @Override
        public long position(TopicPartition partition) {
            return delegate.position(partition);
        }

        @Override
        public long position(TopicPartition partition, Duration timeout) {
            return delegate.position(partition, timeout);
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            return delegate.committed(partitions);
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
            return delegate.committed(partitions, timeout);
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return delegate.clientInstanceId(timeout);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return delegate.metrics();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return delegate.partitionsFor(topic);
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
            return delegate.partitionsFor(topic, timeout);
        }

        @Override
        public Map<String, List<PartitionInfo>> listTopics() {
            return delegate.listTopics();
        }

        @Override
        public Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
            return delegate.listTopics(timeout);
        }

        @Override
        public Set<TopicPartition> paused() {
            return delegate.paused();
        }

        @Override
        public void pause(Collection<TopicPartition> partitions) {
            delegate.pause(partitions);
        }

        @Override
        public void resume(Collection<TopicPartition> partitions) {
            delegate.resume(partitions);
        }

        @Override
        public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
            return delegate.offsetsForTimes(timestampsToSearch);
        }

        @Override
        public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
                Duration timeout) {
            return delegate.offsetsForTimes(timestampsToSearch, timeout);
        }

        @Override
        public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
            return delegate.beginningOffsets(partitions);
        }

        @Override
        public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
            return delegate.beginningOffsets(partitions, timeout);
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
            return delegate.endOffsets(partitions);
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
            return delegate.endOffsets(partitions, timeout);
        }

        @Override
        public OptionalLong currentLag(TopicPartition topicPartition) {
            return delegate.currentLag(topicPartition);
        }

        @Override
        public ConsumerGroupMetadata groupMetadata() {
            return delegate.groupMetadata();
        }

        @Override
        public void enforceRebalance() {
            delegate.enforceRebalance();
        }

        @Override
        public void enforceRebalance(String reason) {
            delegate.enforceRebalance(reason);
        }

        @Override
        public void close() {
            fence.forget();
            delegate.close();
        }

        @Override
        public void close(Duration timeout) {
            fence.forget();
            delegate.close(timeout);
        }

        @Override
        public void close(CloseOptions option) {
            fence.forget();
            delegate.close(option);
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }
    }
}
