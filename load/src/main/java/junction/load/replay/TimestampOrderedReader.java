package junction.load.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads topics from a start point up to the end offsets they had when it was opened, handing out
 * records merged across all partitions in timestamp order: a record is handed out only once
 * every partition that still has records to read shows its next one, and the earliest of those
 * goes first. Records a partition holds beyond its end offset are never read, so a replay into
 * its own source ends.
 *
 * <p>Each partition buffers a bounded number of records and is paused while its buffer is full,
 * so a fast partition cannot fill memory while a slow one is still being fetched. Not
 * thread-safe except {@link #progress()}.
 */
final class TimestampOrderedReader {

    private static final int BUFFERED_PER_PARTITION = 2_000;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> ends;
    private final long total;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
    /** Partitions whose consumer position is still below their end offset. */
    private final Set<TopicPartition> fetching = new HashSet<>();
    /** Per partition, the offset after the last record handed out (or its end once drained). */
    private final Map<TopicPartition, Long> handedOutTo = new HashMap<>();
    private final AtomicLong progress = new AtomicLong();

    private TimestampOrderedReader(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends) {
        this.consumer = consumer;
        this.ends = ends;
        long span = 0;
        for (Map.Entry<TopicPartition, Long> start : starts.entrySet()) {
            TopicPartition tp = start.getKey();
            buffers.put(tp, new ArrayDeque<>());
            handedOutTo.put(tp, start.getValue());
            span += ends.get(tp) - start.getValue();
            if (start.getValue() < ends.get(tp)) {
                fetching.add(tp);
            }
        }
        this.total = span;
    }

    /**
     * Assigns every partition of the topics to the consumer and seeks each to the start point.
     *
     * @throws IllegalArgumentException naming a topic that does not exist
     */
    static TimestampOrderedReader open(Consumer<byte[], byte[]> consumer, List<String> topics, StartPoint start,
            Clock clock) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        // Assigned first: the consumer keeps the offsets it looks up only for assigned partitions
        // and warns about the others.
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = start.offsets(consumer, partitions, ends, clock);
        starts.forEach(consumer::seek);
        return new TimestampOrderedReader(consumer, starts, ends);
    }

    /** Offsets between the start point and the end offsets: what {@link #progress()} counts up to. */
    long total() {
        return total;
    }

    /** Offsets read past so far, records and gaps alike (compaction leaves gaps); for any thread. */
    long progress() {
        return progress.get();
    }

    /**
     * The earliest record among the partitions' next ones, or null once every partition is read
     * to its end offset or {@code stopped} says so.
     */
    ConsumerRecord<byte[], byte[]> next(BooleanSupplier stopped) {
        while (awaitsRecords()) {
            if (stopped.getAsBoolean()) {
                return null;
            }
            fetch();
        }
        TopicPartition earliest = null;
        long earliestTimestamp = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffer : buffers.entrySet()) {
            ConsumerRecord<byte[], byte[]> head = buffer.getValue().peek();
            if (head != null && (earliest == null || head.timestamp() < earliestTimestamp)) {
                earliest = buffer.getKey();
                earliestTimestamp = head.timestamp();
            }
        }
        if (earliest == null) {
            return null;
        }
        ConsumerRecord<byte[], byte[]> record = buffers.get(earliest).poll();
        advance(earliest, record.offset() + 1);
        if (buffers.get(earliest).isEmpty()) {
            if (fetching.contains(earliest)) {
                consumer.resume(List.of(earliest));
            } else {
                advance(earliest, ends.get(earliest));
            }
        }
        return record;
    }

    /** Whether some partition still to be read shows no next record yet, so the merge must wait for it. */
    private boolean awaitsRecords() {
        for (TopicPartition tp : fetching) {
            if (buffers.get(tp).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void fetch() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (fetching.contains(tp) && record.offset() < ends.get(tp)) {
                buffers.get(tp).add(record);
            }
        }
        List<TopicPartition> toPause = new ArrayList<>();
        for (TopicPartition tp : List.copyOf(fetching)) {
            if (consumer.position(tp) >= ends.get(tp)) {
                fetching.remove(tp);
                toPause.add(tp);
                if (buffers.get(tp).isEmpty()) {
                    // Read to its end without a record left to hand out (a compacted tail, or markers).
                    advance(tp, ends.get(tp));
                }
            } else if (buffers.get(tp).size() >= BUFFERED_PER_PARTITION) {
                toPause.add(tp);
            }
        }
        consumer.pause(toPause);
    }

    private void advance(TopicPartition tp, long to) {
        long from = handedOutTo.put(tp, to);
        progress.addAndGet(to - from);
    }
}
