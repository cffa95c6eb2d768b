package junction.ingest;

import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topics;

/** One record for an input topic: an upsert, or a tombstone when {@link #value()} is null. */
public sealed interface Change permits Change.CustomerChange, Change.InventoryChange {

    /**
     * What the generator did (initial records are the two CREATED kinds); {@code weight} is the
     * kind's share of {@code Generator.nextUpdate()} in per mille.
     */
    enum Kind {
        CUSTOMER_CREATED(InputTopic.CUSTOMERS, 10),
        CUSTOMER_SKU_CHANGED(InputTopic.CUSTOMERS, 300),
        CUSTOMER_SKU_CLEARED(InputTopic.CUSTOMERS, 10),
        CUSTOMER_SKU_UNKNOWN(InputTopic.CUSTOMERS, 10),
        CUSTOMER_PROFILE_CHANGED(InputTopic.CUSTOMERS, 170),
        CUSTOMER_DELETED(InputTopic.CUSTOMERS, 10),
        SKU_CREATED(InputTopic.INVENTORY, 1),
        SKU_QUANTITY_CHANGED(InputTopic.INVENTORY, 300),
        SKU_PRICE_CHANGED(InputTopic.INVENTORY, 188),
        SKU_DELETED(InputTopic.INVENTORY, 1);

        private final InputTopic topic;
        private final int weight;

        Kind(InputTopic topic, int weight) {
            this.topic = topic;
            this.weight = weight;
        }

        public InputTopic topic() {
            return topic;
        }

        public int weight() {
            return weight;
        }
    }

    InputTopic topic();

    Kind kind();

    String key();

    Object value();

    /** The value's bytes as the model serde writes them; null for a tombstone. */
    byte[] serializedValue(String topicName);

    private static void requireTopic(Kind kind, InputTopic topic) {
        if (kind.topic() != topic) {
            throw new IllegalArgumentException(kind + " is not a change on " + topic);
        }
    }

    default boolean isTombstone() {
        return value() == null;
    }

    record CustomerChange(Kind kind, String key, Customer value) implements Change {
        public CustomerChange {
            requireTopic(kind, InputTopic.CUSTOMERS);
        }

        @Override
        public InputTopic topic() {
            return InputTopic.CUSTOMERS;
        }

        @Override
        public byte[] serializedValue(String topicName) {
            return Topics.CUSTOMERS.valueSerde().serializer().serialize(topicName, value);
        }
    }

    record InventoryChange(Kind kind, String key, InventoryItem value) implements Change {
        public InventoryChange {
            requireTopic(kind, InputTopic.INVENTORY);
        }

        @Override
        public InputTopic topic() {
            return InputTopic.INVENTORY;
        }

        @Override
        public byte[] serializedValue(String topicName) {
            return Topics.INVENTORY.valueSerde().serializer().serialize(topicName, value);
        }
    }
}
