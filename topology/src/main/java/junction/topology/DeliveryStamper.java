package junction.topology;

import junction.model.CustomerInventory;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Readies a join result for delivery: a null result (the customer was deleted) becomes an explicit
 * deletion record, and every record gets its deterministic event id and, as source timestamp, the
 * timestamp of the record that caused it.
 */
final class DeliveryStamper implements FixedKeyProcessor<String, CustomerInventory, CustomerInventory> {

    private FixedKeyProcessorContext<String, CustomerInventory> context;

    @Override
    public void init(FixedKeyProcessorContext<String, CustomerInventory> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, CustomerInventory> record) {
        CustomerInventory merged = record.value();
        CustomerInventory stamped = merged == null
                ? CustomerInventory.deletion(record.key())
                        .withDelivery(EventIds.forDeletion(record.key(), record.timestamp()), record.timestamp())
                : merged.withDelivery(EventIds.forVersion(merged), record.timestamp());
        context.forward(record.withValue(stamped));
    }
}
