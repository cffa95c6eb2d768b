package junction.topology;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import junction.model.CustomerInventory;
import junction.model.DeliveryHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Readies a join result for delivery: a null result (the customer was deleted) becomes an explicit
 * deletion record, and every record gets its deterministic event id (see {@link EventIds}), its
 * per-customer version, and, as source timestamp, the timestamp Kafka Streams gives the result.
 * The same three facts go into headers ({@link DeliveryHeaders}), so the output topic's tombstones
 * can be accounted for too.
 *
 * <p><b>The version</b> is a hybrid logical clock per customer:
 * {@code version = max(last + 1, now in microseconds)}, where {@code last} is the customer's
 * previous version from the {@link CustomerInventoryTopology#VERSION_STORE} store (a RocksDB store
 * with a changelog, restored when the task moves). Why it only grows for a customer:
 * <ul>
 *   <li>on one instance, each version is at least {@code last + 1};
 *   <li>under at-least-once a crash can lose the changelog's tail, so {@code last} may be restored
 *       older than a version already sent; a plain counter would then issue a number a second time,
 *       for different content. The clock term prevents that: the lost versions were issued before
 *       the crash, i.e. at most at the crashed instance's clock then, and the record is re-processed
 *       after the fail-over (session timeout, restart), when every instance's clock has moved on
 *       further than that, as long as the clocks of two instances differ by less than the fail-over
 *       time;
 *   <li>a zombie (an instance that lost its partitions and does not know it yet) issued its
 *       versions before the new owner re-processed the same records, for the same reason.
 * </ul>
 * A deletion gets a version too and the customer's entry stays in the store, so a customer
 * created again later still gets higher versions than its deletion.
 */
final class DeliveryStamper implements FixedKeyProcessor<String, CustomerInventory, CustomerInventory> {

    private final Runnable onJoined;
    private final LongSupplier clockMicros;
    private FixedKeyProcessorContext<String, CustomerInventory> context;
    private KeyValueStore<String, Long> versions;

    /** @param clockMicros wall-clock time in microseconds since the epoch */
    DeliveryStamper(Runnable onJoined, LongSupplier clockMicros) {
        this.onJoined = onJoined;
        this.clockMicros = clockMicros;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CustomerInventory> context) {
        this.context = context;
        this.versions = context.getStateStore(CustomerInventoryTopology.VERSION_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, CustomerInventory> record) {
        CustomerInventory merged = record.value();
        String origin = origin(record);
        long version = nextVersion(record.key());
        CustomerInventory stamped = (merged == null
                ? CustomerInventory.deletion(record.key())
                        .withDelivery(EventIds.forDeletion(record.key(), origin), record.timestamp())
                : merged.withDelivery(EventIds.forVersion(merged, origin), record.timestamp()))
                .withVersion(version);
        onJoined.run();
        context.forward(record.withValue(stamped).withHeaders(headers(record.headers(), stamped, origin)));
    }

    private long nextVersion(String customerId) {
        Long last = versions.get(customerId);
        long now = clockMicros.getAsLong();
        long version = last == null ? now : Math.max(last + 1, now);
        versions.put(customerId, version);
        return version;
    }

    /** A copy: the record's own headers object belongs to the input record it came from. */
    private static Headers headers(Headers in, CustomerInventory stamped, String origin) {
        RecordHeaders out = new RecordHeaders(in.toArray());
        out.remove(DeliveryHeaders.EVENT_ID);
        out.remove(DeliveryHeaders.VERSION);
        out.remove(DeliveryHeaders.ORIGIN);
        out.add(DeliveryHeaders.EVENT_ID, stamped.eventId().getBytes(StandardCharsets.UTF_8));
        out.add(DeliveryHeaders.VERSION, Long.toString(stamped.version()).getBytes(StandardCharsets.UTF_8));
        out.add(DeliveryHeaders.ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /**
     * Results always come from an input record (there are no punctuators upstream), so metadata is
     * present; the timestamp is a fallback that still keeps ids deterministic.
     */
    private String origin(FixedKeyRecord<String, CustomerInventory> record) {
        return context.recordMetadata()
                .map(m -> EventIds.origin(m.topic(), m.partition(), m.offset()))
                .orElse("at:" + record.timestamp());
    }
}
