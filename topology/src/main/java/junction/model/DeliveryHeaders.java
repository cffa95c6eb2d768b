package junction.model;

/**
 * Headers on every record of the output topic, so a reader can account for each merged record by
 * its id even when the value is a tombstone (a deleted customer): the verifier matches them with
 * what the endpoint received.
 */
public final class DeliveryHeaders {

    /** The record's {@code eventId}, UTF-8. */
    public static final String EVENT_ID = "junction.event-id";
    /**
     * The record's per-customer {@code version}, a decimal number in UTF-8: the consumer-group
     * generation times {@link #GENERATION_WEIGHT} plus the wall clock in ms when it was emitted.
     */
    public static final String VERSION = "junction.version";
    /** 2^42: the generation's weight in a version, above any clock value in milliseconds until 2109. */
    public static final long GENERATION_WEIGHT = 1L << 42;
    /** The topic/partition/offset of the record that triggered this result, UTF-8. */
    public static final String ORIGIN = "junction.origin";

    private DeliveryHeaders() {
    }

    /** When a version was issued, in ms since the epoch (to the millisecond, or a few ms after it). */
    public static long versionMillis(long version) {
        return version & (GENERATION_WEIGHT - 1);
    }
}
