package junction.load.bench;

import java.nio.charset.StandardCharsets;
import junction.ingest.InputTopic;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topics;

/**
 * The malformed input records the {@code poison} scenario mixes into valid traffic, each kind for
 * either input topic. Every record is keyed {@code poison-<kind>-<n>}, so a dead letter tells
 * which kind it was, and no poison key is ever a real customer or sku.
 *
 * <p>What the topology does with them today: the value serde ({@code JsonSerde} with
 * {@code Customer::problem} / {@code InventoryItem::problem}) refuses {@link #BAD_JSON},
 * {@link #WRONG_TYPES} and {@link #MISSING_ID}, and Kafka Streams dead-letters them (topology
 * stage). {@link #KEY_ID_MISMATCH} and {@link #OVERSIZED} are otherwise valid records: nothing
 * compares a record's key with its id or bounds its size, so they pass into the tables and, on
 * the customers topic, reach the endpoint.
 */
public enum PoisonKind {

    /** JSON cut off in the middle of a value. */
    BAD_JSON("badJson"),
    /** A number field holding text: {@code updatedAt} of a customer, {@code quantity} of an item. */
    WRONG_TYPES("wrongTypes"),
    /** No {@code customerId} / {@code sku} at all. */
    MISSING_ID("missingId"),
    /** A well-formed record whose id is not its key. */
    KEY_ID_MISMATCH("keyIdMismatch"),
    /** A well-formed record with a name of {@link #OVERSIZED_BYTES} bytes: far beyond any real one, within Kafka's 1 MiB. */
    OVERSIZED("oversized");

    static final String KEY_PREFIX = "poison-";
    static final int OVERSIZED_BYTES = 512 * 1024;
    private static final long UPDATED_AT = 1_704_067_200_000L;

    private final String label;

    PoisonKind(String label) {
        this.label = label;
    }

    /** The name used in options, keys and figures, e.g. {@code keyIdMismatch}. */
    public String label() {
        return label;
    }

    /** The kind of a label, case-insensitive. */
    public static PoisonKind ofLabel(String text) {
        for (PoisonKind kind : values()) {
            if (kind.label.equalsIgnoreCase(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown poison kind '" + text + "'; one of " + labels());
    }

    static String labels() {
        StringBuilder all = new StringBuilder();
        for (PoisonKind kind : values()) {
            all.append(all.isEmpty() ? "" : ", ").append(kind.label);
        }
        return all.toString();
    }

    /** The key of the n-th poison record of this kind. */
    String key(long n) {
        return KEY_PREFIX + label + "-" + n;
    }

    /** The kind a poison key names, or null for any other key (a real customer's or sku's). */
    static PoisonKind ofKey(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return null;
        }
        for (PoisonKind kind : values()) {
            if (key.startsWith(KEY_PREFIX + kind.label + "-")) {
                return kind;
            }
        }
        return null;
    }

    /** The value bytes of a record of this kind under {@code key} for the topic. */
    byte[] value(InputTopic topic, String key) {
        boolean customers = topic == InputTopic.CUSTOMERS;
        return switch (this) {
            case BAD_JSON -> utf8(customers
                    ? "{\"customerId\":\"" + key + "\",\"name\":\"Ada"
                    : "{\"sku\":\"" + key + "\",\"priceCents\":");
            case WRONG_TYPES -> utf8(customers
                    ? "{\"customerId\":\"" + key + "\",\"name\":\"Ada\",\"email\":\"ada@example.com\",\"tier\":\"gold\","
                            + "\"region\":\"eu\",\"sku\":null,\"updatedAt\":\"yesterday\"}"
                    : "{\"sku\":\"" + key + "\",\"name\":\"Lamp\",\"category\":\"home\",\"priceCents\":1999,"
                            + "\"quantity\":\"lots\",\"warehouse\":\"w1\",\"updatedAt\":" + UPDATED_AT + "}");
            case MISSING_ID -> utf8(customers
                    ? "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"tier\":\"gold\",\"region\":\"eu\","
                            + "\"updatedAt\":" + UPDATED_AT + "}"
                    : "{\"name\":\"Lamp\",\"category\":\"home\",\"priceCents\":1999,\"quantity\":3,"
                            + "\"warehouse\":\"w1\",\"updatedAt\":" + UPDATED_AT + "}");
            case KEY_ID_MISMATCH -> valid(customers, key + "-not-the-key", "Ada");
            case OVERSIZED -> valid(customers, key, "x".repeat(OVERSIZED_BYTES));
        };
    }

    /** A record the value serde accepts, written by it. */
    private static byte[] valid(boolean customers, String id, String name) {
        return customers
                ? Topics.CUSTOMERS.valueSerde().serializer().serialize(Topics.CUSTOMERS.name(),
                        new Customer(id, name, "ada@example.com", "gold", "eu", null, UPDATED_AT))
                : Topics.INVENTORY.valueSerde().serializer().serialize(Topics.INVENTORY.name(),
                        new InventoryItem(id, name, "home", 1999, 3, "w1", UPDATED_AT));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return label;
    }

    /** {@code poisonBadJsonInjected}-style figure names. */
    String figure(String suffix) {
        return "poison" + Character.toUpperCase(label.charAt(0)) + label.substring(1) + suffix;
    }
}
