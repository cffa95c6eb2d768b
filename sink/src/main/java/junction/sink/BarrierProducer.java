package junction.sink;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A stream thread's producer whose {@link #flush()} also waits for the thread's sink records to
 * settle. Kafka Streams flushes this producer right before committing the thread's offsets, so the
 * commit waits for the sink; everything else is passed through unchanged.
 *
 * <p>Outage rule: the wait is bounded by the settle timeout counted only while the endpoint is
 * reachable — while the sink is {@link SinkState#PAUSED} the deadline stands still and the flush
 * keeps waiting, because the records cannot settle before the endpoint is back (or their retry
 * time, which stands still too, runs out afterwards). A timeout is thus a real fault (e.g. the
 * dead-letter topic is unwritable) and rightly kills the stream thread without committing. The
 * application pauses its input on PAUSED, so nothing new arrives meanwhile; a flush that outlasts
 * {@code max.poll.interval.ms} makes the member leave the group, its commit fails, and the records
 * are re-read (duplicates, never losses): set {@code max.poll.interval.ms} above the longest outage
 * to ride out without a rebalance.
 */
final class BarrierProducer implements Producer<byte[], byte[]> {

    private final Producer<byte[], byte[]> delegate;
    private final DeliveryBarrier barrier;
    private final Supplier<Deadline> settleDeadline;
    private final Duration settleTimeout;

    /** {@code settleDeadline} gives each flush its own deadline of {@code settleTimeout}. */
    BarrierProducer(Producer<byte[], byte[]> delegate, DeliveryBarrier barrier, Supplier<Deadline> settleDeadline,
            Duration settleTimeout) {
        this.delegate = delegate;
        this.barrier = barrier;
        this.settleDeadline = settleDeadline;
        this.settleTimeout = settleTimeout;
    }

    @Override
    public void flush() {
        delegate.flush();
        barrier.awaitSettled(settleDeadline.get(), settleTimeout);
    }

    @Override
    public void initTransactions() {
        delegate.initTransactions();
    }

    @Override
    public void beginTransaction() {
        delegate.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata) {
        delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        delegate.commitTransaction();
    }

    @Override
    public void abortTransaction() {
        delegate.abortTransaction();
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
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return delegate.send(record);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        return delegate.send(record, callback);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(Duration timeout) {
        delegate.close(timeout);
    }
}
