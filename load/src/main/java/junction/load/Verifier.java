package junction.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;

/**
 * "One truth": checks the endpoint's view against the final inputs, field by field, without the
 * topology's joiner, so a bug in the join cannot hide itself. The expected record of a live
 * customer is the customer with {@code inventory.get(customer.sku)} (null when the sku is null or
 * unknown).
 */
public final class Verifier {

    /** How many problems a report spells out. */
    static final int MAX_EXAMPLES = 5;

    private Verifier() {
    }

    /**
     * @param customers the final customers by id, tombstoned ones absent
     * @param inventory the final items by sku, tombstoned ones absent
     * @param view the endpoint's latest record per customer id
     * @param duplicates duplicates the endpoint dropped
     */
    public static VerificationReport verify(Map<String, Customer> customers, Map<String, InventoryItem> inventory,
            Map<String, CustomerInventory> view, long duplicates) {
        List<String> examples = new ArrayList<>();
        long missing = 0;
        long stale = 0;
        for (Customer customer : customers.values()) {
            CustomerInventory actual = view.get(customer.customerId());
            if (actual == null || actual.deleted()) {
                missing++;
                note(examples, "missing " + customer.customerId());
                continue;
            }
            InventoryItem item = customer.sku() == null ? null : inventory.get(customer.sku());
            List<String> differences = differences(customer, item, actual);
            if (!differences.isEmpty()) {
                stale++;
                note(examples, "stale " + customer.customerId() + ": " + String.join("; ", differences));
            }
        }
        long unexpected = 0;
        long received = 0;
        for (Map.Entry<String, CustomerInventory> entry : view.entrySet()) {
            if (entry.getValue().deleted()) {
                continue;
            }
            received++;
            if (!customers.containsKey(entry.getKey())) {
                unexpected++;
                note(examples, "unexpected " + entry.getKey() + " (deleted or never published)");
            }
        }
        boolean verified = missing == 0 && stale == 0 && unexpected == 0;
        return new VerificationReport(customers.size(), received, missing, stale, unexpected, duplicates,
                verified, examples);
    }

    private static List<String> differences(Customer c, InventoryItem item, CustomerInventory actual) {
        List<String> out = new ArrayList<>();
        compare(out, "name", c.name(), actual.name());
        compare(out, "email", c.email(), actual.email());
        compare(out, "tier", c.tier(), actual.tier());
        compare(out, "region", c.region(), actual.region());
        compare(out, "sku", c.sku(), actual.sku());
        compare(out, "updatedAt", c.updatedAt(), actual.updatedAt());
        InventoryItem got = actual.inventory();
        if (item == null || got == null) {
            if (item != got) {
                out.add(item == null ? "inventory expected none, got " + got.sku() : "inventory " + item.sku() + " absent");
            }
            return out;
        }
        compare(out, "inventory.sku", item.sku(), got.sku());
        compare(out, "inventory.name", item.name(), got.name());
        compare(out, "inventory.category", item.category(), got.category());
        compare(out, "inventory.priceCents", item.priceCents(), got.priceCents());
        compare(out, "inventory.quantity", item.quantity(), got.quantity());
        compare(out, "inventory.warehouse", item.warehouse(), got.warehouse());
        compare(out, "inventory.updatedAt", item.updatedAt(), got.updatedAt());
        return out;
    }

    private static void compare(List<String> out, String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            out.add(field + " expected " + expected + " got " + actual);
        }
    }

    private static void note(List<String> examples, String problem) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(problem);
        }
    }
}
