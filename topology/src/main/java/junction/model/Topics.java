package junction.model;

import org.apache.kafka.common.serialization.Serdes;

/** The topics junction reads and writes, with their default names. */
public final class Topics {

    public static final Topic<String, Customer> CUSTOMERS =
            new Topic<>("customers", Serdes.String(), new JsonSerde<>(Customer.class, Customer.ID));

    public static final Topic<String, InventoryItem> INVENTORY =
            new Topic<>("inventory", Serdes.String(), new JsonSerde<>(InventoryItem.class, InventoryItem.ID));

    public static final Topic<String, CustomerInventory> CUSTOMER_INVENTORY =
            new Topic<>("customer-inventory", Serdes.String(), new JsonSerde<>(CustomerInventory.class));

    /** Where records that cannot be processed or delivered go, with the reason in their headers. */
    public static final Topic<byte[], byte[]> DEAD_LETTERS =
            new Topic<>("junction-dlq", Serdes.ByteArray(), Serdes.ByteArray());

    private Topics() {
    }
}
