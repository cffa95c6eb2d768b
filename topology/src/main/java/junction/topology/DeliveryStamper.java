package junction.topology;

import junction.model.CustomerInventory;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Readies a join result for delivery: a null result (the customer was deleted) becomes an explicit
 * deletion record, and every record gets its deterministic event id (see {@link EventIds}) and,
 * as source timestamp, the timestamp Kafka Streams gives the result.
 */
final class DeliveryStamper implements FixedKeyProcessor<String, CustomerInventory, CustomerInventory> {

    private final Runnable onJoined;
    private FixedKeyProcessorContext<String, CustomerInventory> context;

    DeliveryStamper(Runnable onJoined) {
        this.onJoined = onJoined;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CustomerInventory> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, CustomerInventory> record) {
        CustomerInventory merged = record.value();
        String origin = origin(record);
        CustomerInventory stamped = merged == null
                ? CustomerInventory.deletion(record.key())
                        .withDelivery(EventIds.forDeletion(record.key(), origin), record.timestamp())
                : merged.withDelivery(EventIds.forVersion(merged, origin), record.timestamp());
        onJoined.run();
        context.forward(record.withValue(stamped));
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
