package junction.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import junction.app.topics.TopicReader;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.common.runtime.Deserializer;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;

/**
 * Every offset commit the broker kept, read from {@code __consumer_offsets}: for each input
 * partition, the offsets committed and when, in commit order. The event accounting asks it where a
 * restarted task began consuming again (the offset committed last before the restart), which the
 * output topic alone cannot tell when the re-processing emitted nothing (see {@link EventAccount}).
 *
 * <p>Commits are keyed by input topic and partition only: the partitions the accounting asks about
 * are the application's own internal topics, which one consumer group reads.
 */
public final class CommitHistory {

    /** No history: the accounting falls back to what the output topic itself proves. */
    public static final CommitHistory NONE = new CommitHistory(Map.of());

    /** One commit: when the broker took it (its clock, ms) and the next offset to consume. */
    public record Commit(long atMillis, long offset) {
    }

    private final Map<String, List<Commit>> byPartition;

    CommitHistory(Map<String, List<Commit>> byPartition) {
        this.byPartition = byPartition;
    }

    /** Reads {@code __consumer_offsets} to its end; records that are not offset commits are skipped. */
    public static CommitHistory read(String bootstrapServers, Duration timeout) {
        GroupCoordinatorRecordSerde serde = new GroupCoordinatorRecordSerde();
        Map<String, List<Commit>> byPartition = new HashMap<>();
        try (TopicReader reader = new TopicReader(bootstrapServers, timeout)) {
            reader.readToEnd(Topic.GROUP_METADATA_TOPIC_NAME, record -> {
                if (record.key() == null || record.value() == null) {
                    return;
                }
                CoordinatorRecord decoded;
                try {
                    decoded = serde.deserialize(ByteBuffer.wrap(record.key()), ByteBuffer.wrap(record.value()));
                } catch (Deserializer.UnknownRecordTypeException | Deserializer.UnknownRecordVersionException e) {
                    return; // a record type of a newer broker: not an offset commit this reader knows
                }
                if (decoded.key() instanceof OffsetCommitKey key && decoded.value().message() instanceof OffsetCommitValue value) {
                    byPartition.computeIfAbsent(key.topic() + "/" + key.partition(), p -> new ArrayList<>())
                            .add(new Commit(value.commitTimestamp(), value.offset()));
                }
            });
        }
        return new CommitHistory(byPartition);
    }

    /** True when no commit was read, so nothing can be proven from commits. */
    public boolean isEmpty() {
        return byPartition.isEmpty();
    }

    /**
     * The offset consumption of {@code topicPartition} ({@code topic/partition}) starts from after a
     * restart at {@code atMillis}: the last offset committed at or before then, 0 if none was (the
     * application reads a partition without a commit from its beginning).
     */
    public long committedAt(String topicPartition, long atMillis) {
        long offset = 0;
        for (Commit commit : byPartition.getOrDefault(topicPartition, List.of())) {
            if (commit.atMillis() > atMillis) {
                break;
            }
            offset = commit.offset();
        }
        return offset;
    }
}
