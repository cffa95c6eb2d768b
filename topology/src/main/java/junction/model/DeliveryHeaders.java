package junction.model;

/**
 * Headers on every record of the output topic, so a reader can account for each merged record by
 * its id even when the value is a tombstone (a deleted customer): the verifier matches them with
 * what the endpoint received.
 */
public final class DeliveryHeaders {

    /** The record's {@code eventId}, UTF-8. */
    public static final String EVENT_ID = "junction.event-id";
    /** The record's per-customer {@code version}, a decimal number in UTF-8. */
    public static final String VERSION = "junction.version";
    /** The topic/partition/offset of the record that triggered this result, UTF-8. */
    public static final String ORIGIN = "junction.origin";

    private DeliveryHeaders() {
    }
}
