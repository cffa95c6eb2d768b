package junction.topology;

import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
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
 * <p><b>The version</b> is a hybrid logical clock per customer, ranked first by the consumer-group
 * generation: {@code version = max(last + 1, generation × 2^42 + now in ms)}, where {@code last} is
 * the customer's previous version from the {@link CustomerInventoryTopology#VERSION_STORE} store (a
 * RocksDB store with a changelog, restored when the task moves) and {@code generation} the group
 * generation the instance's stream threads last polled in. Why a later owner's versions win:
 * <ul>
 *   <li>on one instance, each version is at least {@code last + 1};
 *   <li>a task changes owner only through a rebalance, which raises the generation: every version
 *       the new owner issues is above every version issued in an older generation, whatever the
 *       two clocks say. So a zombie (an instance frozen past its session timeout, thawed, and
 *       processing the records it had fetched before its next poll tells it it lost them) issues
 *       versions a last-writer-wins receiver ranks below the new owner's, even with its clock
 *       ahead;
 *   <li>under at-least-once a crash can lose the changelog's tail, so {@code last} may be restored
 *       older than a version already sent. A restart that keeps the generation (static
 *       membership, back within the session timeout) is covered by the clock term: the lost
 *       versions were issued before the crash, and the record is re-processed after the restart.
 * </ul>
 * 2^42 ms is 139 years from the epoch, so the clock never reaches the generation's bits; 2^21
 * generations fit above it. If the group is deleted and its generation starts again from 0, the
 * {@code last + 1} term still keeps each customer's versions rising.
 * A deletion gets a version too and the customer's entry stays in the store, so a customer
 * created again later still gets higher versions than its deletion.
 */
final class DeliveryStamper implements FixedKeyProcessor<String, CustomerInventory, CustomerInventory> {

    private final Runnable onJoined;

    private final LongSupplier clockMillis;
    private final IntSupplier groupGeneration;
    private FixedKeyProcessorContext<String, CustomerInventory> context;
    private KeyValueStore<String, Long> versions;

    /**
     * @param clockMillis wall-clock time in milliseconds since the epoch
     * @param groupGeneration the instance's consumer-group generation, below 0 while unknown
     */
    DeliveryStamper(Runnable onJoined, LongSupplier clockMillis, IntSupplier groupGeneration) {
        this.onJoined = onJoined;
        this.clockMillis = clockMillis;
        this.groupGeneration = groupGeneration;
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
        long now = Math.max(0, groupGeneration.getAsInt()) * DeliveryHeaders.GENERATION_WEIGHT + clockMillis.getAsLong();
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
