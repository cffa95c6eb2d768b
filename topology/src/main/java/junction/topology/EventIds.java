package junction.topology;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;

/**
 * Event ids computed from what a record is made of and from where it came, never from a clock or a
 * counter: a record re-processed after a restart comes from the same input position with the same
 * content, so it gets the id it had before and the endpoint can drop it.
 *
 * <p>Content versions alone are not enough: a customer first joined before its item arrived, and
 * later again after that item was deleted, is the same content twice, and an endpoint that had
 * seen the first id would drop the second and stay stale. The origin — topic, partition and offset
 * of the input record that caused this emission — tells such emissions apart.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The id of one merged version emitted because of the record at {@code origin}. */
    public static String forVersion(CustomerInventory merged, String origin) {
        InventoryItem item = merged.inventory();
        return uuid("version", origin, merged.customerId(), Long.toString(merged.updatedAt()), merged.sku(),
                item == null ? null : Long.toString(item.updatedAt()));
    }

    /** The id of a customer's deletion caused by the tombstone at {@code origin}. */
    public static String forDeletion(String customerId, String origin) {
        return uuid("deleted", origin, customerId);
    }

    /** Where an emission came from: the input record's topic, partition and offset. */
    public static String origin(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    /**
     * Each part is length-prefixed and null has its own marker, so no two different part lists
     * (say sku "null" and no sku, or "a|b","c" and "a","b|c") hash the same bytes.
     */
    private static String uuid(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                name.append('!');
            } else {
                name.append(part.length()).append(':').append(part);
            }
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
