package junction.sink;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * One record for the analytics endpoint. {@code key} picks the lane (so versions of one key stay in
 * order), {@code eventId} identifies this version for the endpoint's de-duplication, and {@code body}
 * is the record's JSON without a trailing newline. {@code source} is the input partition of the
 * record that caused it (null when unknown): when this instance loses that partition, the record
 * is dropped if it is still queued ({@link AnalyticsSink#discardUnsent}), since the new owner
 * re-processes and re-sends it.
 */
public record SinkRecord(String key, String eventId, byte[] body, long sourceTimestamp, TopicPartition source) {

    public SinkRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(body, "body");
    }

    /** A record whose source partition is not known. */
    public SinkRecord(String key, String eventId, byte[] body, long sourceTimestamp) {
        this(key, eventId, body, sourceTimestamp, null);
    }

    public SinkRecord withSource(TopicPartition partition) {
        return new SinkRecord(key, eventId, body, sourceTimestamp, partition);
    }
}
