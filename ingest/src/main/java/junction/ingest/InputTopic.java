package junction.ingest;

import java.util.function.Function;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.common.errors.SerializationException;

/** The two topics junction reads, with the model serdes that decide what a valid value is. */
public enum InputTopic {

    CUSTOMERS(Topics.CUSTOMERS, Customer::customerId),
    INVENTORY(Topics.INVENTORY, InventoryItem::sku);

    private final Topic<String, ?> model;
    private final Function<byte[], String> keyOfValid;

    <V> InputTopic(Topic<String, V> model, Function<V, String> keyOf) {
        this.model = model;
        this.keyOfValid = json -> keyOf.apply(model.valueSerde().deserializer().deserialize(model.name(), json));
    }

    public String defaultName() {
        return model.name();
    }

    byte[] serializeKey(String topicName, String key) {
        return model.keySerde().serializer().serialize(topicName, key);
    }

    /**
     * The record key of a JSON value, read exactly as the stream app will read it.
     *
     * @throws SerializationException naming why the stream app would reject the value
     */
    public String keyOf(byte[] json) {
        return keyOfValid.apply(json);
    }
}
