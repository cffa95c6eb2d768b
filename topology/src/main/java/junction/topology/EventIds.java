package junction.topology;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;

/**
 * Event ids computed from the versions a record is made of, never from a clock or a counter: a
 * record re-processed after a restart gets the id it had before, so the endpoint can drop it.
 * Versions are the producers' {@code updatedAt}; a change of content must come with a new one.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The id of one merged version: the customer's version and sku, and the item's version. */
    public static String forVersion(CustomerInventory merged) {
        InventoryItem item = merged.inventory();
        return uuid("version", merged.customerId(), Long.toString(merged.updatedAt()), merged.sku(),
                item == null ? null : Long.toString(item.updatedAt()));
    }

    /**
     * The id of a customer's deletion. A tombstone carries no version, so the time of the tombstone
     * record tells one deletion of a customer from a later one.
     */
    public static String forDeletion(String customerId, long deletedAt) {
        return uuid("deleted", customerId, Long.toString(deletedAt));
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
