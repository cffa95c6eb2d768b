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
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
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
    /** When each consumer group's generations formed (its rebalances), in order; keyed by group id. */
    private final Map<String, List<Long>> generations;
    /** The group whose commits a partition's are (the application that reads it). */
    private final Map<String, String> groupOf;

    CommitHistory(Map<String, List<Commit>> byPartition) {
        this(byPartition, Map.of(), Map.of());
    }

    CommitHistory(Map<String, List<Commit>> byPartition, Map<String, List<Long>> generations, Map<String, String> groupOf) {
        this.byPartition = byPartition;
        this.generations = generations;
        this.groupOf = groupOf;
    }

    /** Reads {@code __consumer_offsets} to its end: offset commits and classic groups' generations; other records are skipped. */
    public static CommitHistory read(String bootstrapServers, Duration timeout) {
        GroupCoordinatorRecordSerde serde = new GroupCoordinatorRecordSerde();
        Map<String, List<Commit>> byPartition = new HashMap<>();
        Map<String, List<Long>> generations = new HashMap<>();
        Map<String, String> groupOf = new HashMap<>();
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
                    String partition = key.topic() + "/" + key.partition();
                    byPartition.computeIfAbsent(partition, p -> new ArrayList<>())
                            .add(new Commit(value.commitTimestamp(), value.offset()));
                    groupOf.putIfAbsent(partition, key.group());
                } else if (decoded.key() instanceof GroupMetadataKey key && decoded.value().message() instanceof GroupMetadataValue) {
                    // A classic group's new generation, stored as the rebalance completes.
                    generations.computeIfAbsent(key.group(), g -> new ArrayList<>()).add(record.timestamp());
                }
            });
        }
        return new CommitHistory(byPartition, generations, groupOf);
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
        Commit commit = commitAt(topicPartition, atMillis);
        return commit == null ? 0 : commit.offset();
    }

    /**
     * Where a restarted consumer of {@code topicPartition} began, seen from a record it emitted at
     * {@code atMillis}: at most the offset committed when the group's last generation before then
     * formed. A restarted instance commits only once it holds the partition, in a generation that
     * formed after it started, so a commit it made itself before emitting the record (after
     * consuming inputs that emitted nothing) does not count as where it began. Without generations,
     * the offset committed at {@code atMillis}. Never below where it really began: commits only move
     * forward, and the last generation before {@code atMillis} formed at or after the one the
     * restarted instance first held the partition in.
     */
    public long restartedFrom(String topicPartition, long atMillis) {
        String group = groupOf.get(topicPartition);
        List<Long> formed = group == null ? List.of() : generations.getOrDefault(group, List.of());
        long generation = -1;
        for (long at : formed) {
            if (at <= atMillis) {
                generation = Math.max(generation, at);
            }
        }
        return committedAt(topicPartition, generation >= 0 ? generation : atMillis);
    }

    /** The last commit of {@code topicPartition} at or before {@code atMillis}, null if none was. */
    public Commit commitAt(String topicPartition, long atMillis) {
        Commit last = null;
        for (Commit commit : byPartition.getOrDefault(topicPartition, List.of())) {
            if (commit.atMillis() > atMillis) {
                break;
            }
            last = commit;
        }
        return last;
    }
}
