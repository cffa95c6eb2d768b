package junction.app.redrive;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import junction.app.topics.TopicReader;
import junction.model.CustomerInventory;
import junction.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The latest version of some customers as the compacted output topic holds it, to tell a letter
 * that a newer version has since replaced. The endpoint keeps the latest record per customer by
 * arrival, so sending such a letter would put old data over new: a customer dead-lettered at
 * version 1 and delivered at version 2 would go back to version 1.
 *
 * <p>A letter is superseded only on evidence: the output topic's latest record of its customer has
 * another event id, or is a tombstone while the letter is not a deletion, or the other way round.
 * A customer the topic does not hold (or holds unreadably) is no evidence, and its letter is sent:
 * redrive cannot tell a customer never seen from one deleted so long ago that compaction removed
 * its tombstone, and it would rather send than lose.
 */
final class LatestVersions {

    /** No evidence about anyone: every sink letter is sent. */
    static final LatestVersions NONE = new LatestVersions(Map.of());

    /** A customer's latest record: its event id, or null for a tombstone. */
    private record Latest(String eventId) {
    }

    private final Map<String, Latest> latest;

    private LatestVersions(Map<String, Latest> latest) {
        this.latest = latest;
    }

    /** Reads {@code outputTopic} to its end, keeping the latest record of the customers in {@code keys}. */
    static LatestVersions read(TopicReader reader, String outputTopic, Set<String> keys) {
        Map<String, Latest> latest = new HashMap<>();
        reader.readToEnd(outputTopic, record -> {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (key == null || !keys.contains(key)) {
                return;
            }
            Latest version = versionOf(record);
            if (version == null) {
                latest.remove(key);
            } else {
                latest.put(key, version);
            }
        });
        return new LatestVersions(latest);
    }

    /** The record as a version; null when it cannot be read, which is no evidence of anything. */
    private static Latest versionOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return new Latest(null);
        }
        try {
            CustomerInventory value = Topics.CUSTOMER_INVENTORY.valueSerde().deserializer()
                    .deserialize(record.topic(), record.value());
            return value.eventId() == null ? null : new Latest(value.eventId());
        } catch (SerializationException e) {
            return null;
        }
    }

    /** Whether a newer version of the letter's customer than the letter's own is known. */
    boolean supersedes(DeadLetter letter) {
        Latest newest = latest.get(letter.key());
        if (newest == null) {
            return false;
        }
        if (newest.eventId() == null) {
            return !letter.deletion();
        }
        return !newest.eventId().equals(letter.eventId());
    }

    int size() {
        return latest.size();
    }
}
