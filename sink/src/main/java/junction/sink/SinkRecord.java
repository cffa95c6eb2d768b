package junction.sink;

import java.util.Objects;

/**
 * One record for the analytics endpoint. {@code key} picks the lane (so versions of one key stay in
 * order), {@code eventId} identifies this version for the endpoint's de-duplication, and {@code body}
 * is the record's JSON without a trailing newline.
 */
public record SinkRecord(String key, String eventId, byte[] body, long sourceTimestamp) {

    public SinkRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(body, "body");
    }
}
