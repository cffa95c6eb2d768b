package junction.load.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimestampOrderedReaderTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    @BeforeEach
    void topics() {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions("a", List.of(new PartitionInfo("a", 0, node, null, null),
                new PartitionInfo("a", 1, node, null, null)));
        consumer.updatePartitions("b", List.of(new PartitionInfo("b", 0, node, null, null)));
        consumer.updateBeginningOffsets(Map.of(A0, 0L, A1, 0L, B0, 0L));
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, long timestamp) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, timestamp, TimestampType.CREATE_TIME,
                0, 0, null, null, new RecordHeaders(), Optional.empty());
    }

    private static List<Long> timestamps(TimestampOrderedReader reader) {
        List<Long> read = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> r;
        while ((r = reader.next(() -> false)) != null) {
            read.add(r.timestamp());
        }
        return read;
    }

    @Test
    void mergesPartitionsOfAllTopicsInTimestampOrderUpToTheEndOffsets() {
        consumer.updateEndOffsets(Map.of(A0, 3L, A1, 2L, B0, 2L));
        TimestampOrderedReader reader = TimestampOrderedReader.open(consumer, List.of("a", "b"),
                new StartPoint.Beginning(), Clock.systemUTC());
        consumer.addRecord(record(A0, 0, 10));
        consumer.addRecord(record(A0, 1, 40));
        consumer.addRecord(record(A0, 2, 70));
        // Written after the end offset was taken: not part of this replay.
        consumer.addRecord(record(A0, 3, 15));
        consumer.addRecord(record(A1, 0, 20));
        consumer.addRecord(record(A1, 1, 50));
        consumer.addRecord(record(B0, 0, 30));
        consumer.addRecord(record(B0, 1, 60));

        assertThat(reader.total()).isEqualTo(7);
        assertThat(timestamps(reader)).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L);
        assertThat(reader.progress()).isEqualTo(7);
    }

    @Test
    void waitsForAPartitionWhoseRecordsHaveNotArrivedYet() {
        consumer.updateEndOffsets(Map.of(A0, 2L, A1, 2L, B0, 0L));
        TimestampOrderedReader reader = TimestampOrderedReader.open(consumer, List.of("a", "b"),
                new StartPoint.Beginning(), Clock.systemUTC());
        consumer.addRecord(record(A0, 0, 10));
        consumer.addRecord(record(A0, 1, 30));
        // The first poll brings only partition 0; partition 1's earlier record comes with the next.
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(A1, 0, 20));
            consumer.addRecord(record(A1, 1, 40));
        });

        assertThat(timestamps(reader)).containsExactly(10L, 20L, 30L, 40L);
    }

    @Test
    void startsEachPartitionAtTheOffsetClampedToItsRange() {
        consumer.updateBeginningOffsets(Map.of(A0, 2L, A1, 0L, B0, 0L));
        consumer.updateEndOffsets(Map.of(A0, 5L, A1, 4L, B0, 1L));
        TimestampOrderedReader reader = TimestampOrderedReader.open(consumer, List.of("a", "b"),
                new StartPoint.AtOffset(1), Clock.systemUTC());
        for (long offset = 2; offset < 5; offset++) {
            consumer.addRecord(record(A0, offset, 100 + offset));
        }
        for (long offset = 1; offset < 4; offset++) {
            consumer.addRecord(record(A1, offset, 200 + offset));
        }

        // a-0 starts at its earliest offset 2, a-1 at 1, and b-0 (end 1) has nothing from offset 1.
        assertThat(reader.total()).isEqualTo(3 + 3);
        assertThat(timestamps(reader)).containsExactly(102L, 103L, 104L, 201L, 202L, 203L);
    }

    @Test
    void stopsWhenToldWhileWaitingForRecords() {
        consumer.updateEndOffsets(Map.of(A0, 1L, A1, 0L, B0, 0L));
        TimestampOrderedReader reader = TimestampOrderedReader.open(consumer, List.of("a"),
                new StartPoint.Beginning(), Clock.systemUTC());

        assertThat(reader.next(() -> true)).isNull();
        assertThat(reader.progress()).isZero();
    }
}
