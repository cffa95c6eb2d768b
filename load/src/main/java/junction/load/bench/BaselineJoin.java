package junction.load.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;

/**
 * The baseline's join, all in memory: the latest customer by id, the latest item by sku and an
 * index of the customers pointing at each sku, so that an item change re-emits every customer
 * holding it. Each input record gives the merged records it changes, ready to deliver.
 *
 * <p>An event id is {@code UUID.nameUUIDFromBytes} of customerId, updatedAt, sku and the item's
 * updatedAt, so the same state always has the same id and the endpoint drops it when it comes
 * again. Where a key was deleted, the tombstone's position stands in for the missing version:
 * without it, a customer whose item is deleted would get back the id of the time before the item
 * existed, and the endpoint would drop that update as a duplicate.
 */
final class BaselineJoin {

    private static final String NEVER = "none";

    /** A value with the timestamp of the input record that set it. */
    private record Stamped<T>(T value, long timestamp) {
    }

    /** Where a key was deleted ("topic/partition/offset") and when. */
    private record Tombstone(String position, long timestamp) {
    }

    private final Map<String, Stamped<Customer>> customers = new HashMap<>();
    private final Map<String, Stamped<InventoryItem>> inventory = new HashMap<>();
    private final Map<String, Set<String>> customersBySku = new HashMap<>();
    private final Map<String, Tombstone> customerTombstones = new HashMap<>();
    private final Map<String, Tombstone> itemTombstones = new HashMap<>();

    /**
     * A customer record arrived.
     *
     * @param customer the new value, null for a tombstone
     * @param timestamp the input record's timestamp, the delivered records' sourceTimestamp
     * @param position where the record is in the inputs ("topic/partition/offset"), unique and stable
     */
    List<CustomerInventory> onCustomer(String customerId, Customer customer, long timestamp, String position) {
        Stamped<Customer> old = customer == null ? customers.remove(customerId)
                : customers.put(customerId, new Stamped<>(customer, timestamp));
        if (old != null && old.value().sku() != null) {
            Set<String> holders = customersBySku.get(old.value().sku());
            holders.remove(customerId);
            if (holders.isEmpty()) {
                customersBySku.remove(old.value().sku());
            }
        }
        if (customer == null) {
            if (old == null) {
                return List.of();
            }
            Tombstone tombstone = new Tombstone(position, timestamp);
            customerTombstones.put(customerId, tombstone);
            return List.of(deletion(customerId, tombstone));
        }
        if (customer.sku() != null) {
            customersBySku.computeIfAbsent(customer.sku(), sku -> new HashSet<>()).add(customerId);
        }
        return List.of(merged(customerId, customer, timestamp));
    }

    /** An inventory record arrived; {@code item} is null for a tombstone. See {@link #onCustomer}. */
    List<CustomerInventory> onItem(String sku, InventoryItem item, long timestamp, String position) {
        Stamped<InventoryItem> old = item == null ? inventory.remove(sku)
                : inventory.put(sku, new Stamped<>(item, timestamp));
        if (item == null) {
            if (old == null) {
                return List.of();
            }
            itemTombstones.put(sku, new Tombstone(position, timestamp));
        }
        List<CustomerInventory> out = new ArrayList<>();
        for (String customerId : customersBySku.getOrDefault(sku, Set.of())) {
            out.add(merged(customerId, customers.get(customerId).value(), timestamp));
        }
        return out;
    }

    /**
     * The current state of every customer ever seen: merged records of the live ones, deletions of
     * the deleted ones, each stamped with the latest input it reflects. Delivering it makes the
     * endpoint's view current whatever part of the past it had received.
     */
    List<CustomerInventory> snapshot() {
        List<CustomerInventory> out = new ArrayList<>();
        customers.forEach((customerId, stamped) -> {
            Stamped<InventoryItem> item = stamped.value().sku() == null ? null : inventory.get(stamped.value().sku());
            long timestamp = item == null ? stamped.timestamp() : Math.max(stamped.timestamp(), item.timestamp());
            out.add(merged(customerId, stamped.value(), timestamp));
        });
        customerTombstones.forEach((customerId, tombstone) -> {
            if (!customers.containsKey(customerId)) {
                out.add(deletion(customerId, tombstone));
            }
        });
        return out;
    }

    private CustomerInventory merged(String customerId, Customer customer, long timestamp) {
        Stamped<InventoryItem> stamped = customer.sku() == null ? null : inventory.get(customer.sku());
        InventoryItem item = stamped == null ? null : stamped.value();
        String itemVersion = item != null ? Long.toString(item.updatedAt()) : tombstoneOf(itemTombstones, customer.sku());
        String customerVersion = customer.updatedAt() + "/" + tombstoneOf(customerTombstones, customerId);
        return CustomerInventory.of(customer, item)
                .withDelivery(eventId(customerId, customerVersion, customer.sku(), itemVersion), timestamp);
    }

    private static String tombstoneOf(Map<String, Tombstone> tombstones, String key) {
        Tombstone tombstone = key == null ? null : tombstones.get(key);
        return tombstone == null ? NEVER : tombstone.position();
    }

    private static CustomerInventory deletion(String customerId, Tombstone tombstone) {
        return CustomerInventory.deletion(customerId)
                .withDelivery(eventId("deleted", customerId, tombstone.position()), tombstone.timestamp());
    }

    private static String eventId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
