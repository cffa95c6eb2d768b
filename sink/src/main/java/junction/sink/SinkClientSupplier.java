package junction.sink;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * Kafka Streams' clients, except that each stream thread's producer flushes through the
 * {@link DeliveryBarrier}: a task's offsets are then committed only after its sink records settled.
 * Pass it to {@code new KafkaStreams(topology, props, clientSupplier)}.
 *
 * <p>Requires {@code processing.guarantee=at_least_once} (the default) and no experimental
 * processing threads, so that records are processed and committed on the same stream thread.
 */
public final class SinkClientSupplier implements KafkaClientSupplier {

    private final KafkaClientSupplier delegate;
    private final DeliveryBarrier barrier;
    private final Supplier<Deadline> settleDeadline;
    private final Duration settleTimeout;
    /** The sink told about lost partitions and the group generation; null for none. */
    private final AnalyticsSink sink;

    /**
     * Commits wait for the sink at most its {@link SinkConfig#settleTimeout()}, not counting time
     * the sink is {@link SinkState#PAUSED} (see {@link BarrierProducer} for why).
     */
    public SinkClientSupplier(DeliveryBarrier barrier, AnalyticsSink sink) {
        this(new DefaultKafkaClientSupplier(), barrier, sink::settleDeadline, sink.settleTimeout(), sink);
    }

    /**
     * Commits wait for the sink at most {@code settleTimeout} of wall-clock time, outages included.
     *
     * @param settleTimeout {@link SinkConfig#settleTimeout()} fits, and it must stay well below
     *     {@code max.poll.interval.ms}
     */
    public SinkClientSupplier(DeliveryBarrier barrier, Duration settleTimeout) {
        this(new DefaultKafkaClientSupplier(), barrier, () -> Deadline.after(settleTimeout), settleTimeout, null);
    }

    SinkClientSupplier(KafkaClientSupplier delegate, DeliveryBarrier barrier, Supplier<Deadline> settleDeadline,
            Duration settleTimeout) {
        this(delegate, barrier, settleDeadline, settleTimeout, null);
    }

    SinkClientSupplier(KafkaClientSupplier delegate, DeliveryBarrier barrier, Supplier<Deadline> settleDeadline,
            Duration settleTimeout, AnalyticsSink sink) {
        this.delegate = delegate;
        this.barrier = barrier;
        this.settleDeadline = settleDeadline;
        this.settleTimeout = settleTimeout;
        this.sink = sink;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return delegate.getAdmin(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new BarrierProducer(delegate.getProducer(config), barrier, settleDeadline, settleTimeout);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = delegate.getConsumer(config);
        return sink == null ? consumer : PartitionLossAwareConsumer.wrap(consumer, sink);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return delegate.getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return delegate.getGlobalConsumer(config);
    }
}
