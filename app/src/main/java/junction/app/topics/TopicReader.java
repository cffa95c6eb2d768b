package junction.app.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics, every partition from the beginning to the end offset it has when reading
 * starts, or given ranges of a topic, without a consumer group. What the verifier, reports and
 * redrive use to look at a topic as it is.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long deadline;

    public TopicReader(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, Map.of(), timeout);
    }

    /**
     * @param kafka client properties (security settings, say) applied first, so the reader's own
     *     settings below still hold
     * @throws org.apache.kafka.common.config.ConfigException for a bad property
     */
    public TopicReader(String bootstrapServers, Map<String, ?> kafka, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Aborted transactions never happened as far as the stream app is concerned.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A range that starts below what retention kept starts where the partition now begins.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Hands every record of {@code topic} below its current end offsets to {@code each}, in
     * partition order, and returns those end offsets.
     *
     * @throws TimeoutException if the topic cannot be read to its end before the reader's deadline
     */
    public Map<TopicPartition, Long> readToEnd(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, remaining()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining());
        readUpTo(end, each);
        return end;
    }

    /**
     * Hands every record from {@code from} (inclusive) to {@code to} (exclusive) of each partition
     * in {@code from} to {@code each}, in partition order; a partition missing in {@code to} is
     * read to nothing.
     *
     * @throws TimeoutException if the ranges cannot be read before the reader's deadline
     */
    public void readRange(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> end = new HashMap<>();
        from.forEach((partition, start) -> end.put(partition, Math.max(start, to.getOrDefault(partition, start))));
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        readUpTo(end, each);
    }

    /**
     * Hands every record from {@code from} (inclusive) to the end offset each partition has now
     * to {@code each}, in partition order.
     */
    public void readFrom(Map<TopicPartition, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        // Assigned first: end offsets of partitions not assigned make the consumer warn under read_committed.
        consumer.assign(from.keySet());
        readRange(from, consumer.endOffsets(from.keySet(), remaining()), each);
    }

    private void readUpTo(Map<TopicPartition, Long> end, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        while (!reachedEnd(end)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
        }
    }

    private boolean reachedEnd(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), remaining()) < partition.getValue()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + partition.getKey() + " to offset "
                            + partition.getValue() + " in time");
                }
                return false;
            }
        }
        return true;
    }

    private Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
