package junction.model;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An input record junction refuses, with a bounded {@link Reason} (a metric tag, a dead-letter
 * header) and a human message naming what is wrong (a dead-letter header, a log line). It is a
 * {@link SerializationException}, so Kafka Streams' deserialization handler takes it like any
 * other unreadable record, and the import tool reports it like one.
 */
public final class BadRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why a record was refused. The tags are metric tag values: keep the set small and fixed. */
    public enum Reason {
        /** Not JSON, not one object, a field of the wrong type or out of range, non-UTF-8 bytes. */
        MALFORMED("malformed"),
        /** The value's own id ({@code customerId} / {@code sku}) is absent, null or blank. */
        MISSING_ID("missing_id"),
        /** Another field the model needs (a number such as {@code updatedAt}) is absent or null. */
        MISSING_FIELD("missing_field"),
        /** The id in the value is not the record key: the table would file it under the wrong id. */
        KEY_MISMATCH("key_mismatch"),
        /** The record has no key at all. */
        NULL_KEY("null_key"),
        /** The key is empty or only whitespace. */
        EMPTY_KEY("empty_key"),
        /** The key's bytes are not UTF-8 text. */
        KEY_NOT_UTF8("key_not_utf8"),
        /** The value is larger than the configured limit ({@code --max-record-bytes}). */
        OVERSIZED("oversized");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        /** The metric tag and dead-letter header value, e.g. {@code key_mismatch}. */
        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public BadRecordException(Reason reason, String message) {
        this(reason, message, null);
    }

    public BadRecordException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
