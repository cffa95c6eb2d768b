package junction.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
        return verify(customers, inventory, view, duplicates, Set.of(), List.of());
    }

    /**
     * Like {@link #verify(Map, Map, Map, long)} for an endpoint that refuses some customers: each
     * live one of them must be in the dead-letter topic and not at the endpoint, and no other
     * customer may be dead-lettered.
     *
     * @param rejected customer ids the endpoint answers with 400
     * @param deadLettered customer ids the sink wrote to the dead-letter topic
     */
    public static VerificationReport verify(Map<String, Customer> customers, Map<String, InventoryItem> inventory,
            Map<String, CustomerInventory> view, long duplicates, Set<String> rejected,
            Collection<String> deadLettered) {
        List<String> examples = new ArrayList<>();
        long missing = 0;
        long stale = 0;
        long unexpected = 0;
        long rejectedLive = 0;
        Set<String> lettered = new HashSet<>(deadLettered);
        for (Customer customer : customers.values()) {
            CustomerInventory actual = view.get(customer.customerId());
            if (rejected.contains(customer.customerId())) {
                rejectedLive++;
                if (!lettered.contains(customer.customerId())) {
                    missing++;
                    note(examples, "missing " + customer.customerId() + ": rejected by the endpoint but not in the dead-letter topic");
                }
                if (actual != null && !actual.deleted()) {
                    unexpected++;
                    note(examples, "unexpected " + customer.customerId() + ": the endpoint refuses it, yet it holds it");
                }
                continue;
            }
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
        long received = 0;
        for (Map.Entry<String, CustomerInventory> entry : view.entrySet()) {
            if (entry.getValue().deleted()) {
                continue;
            }
            received++;
            if (!customers.containsKey(entry.getKey()) && !rejected.contains(entry.getKey())) {
                unexpected++;
                note(examples, "unexpected " + entry.getKey() + " (deleted or never published)");
            }
        }
        long unexpectedDeadLetters = 0;
        for (String key : lettered) {
            if (!rejected.contains(key)) {
                unexpectedDeadLetters++;
                note(examples, "dead-lettered " + key + ", which the endpoint does not refuse");
            }
        }
        boolean verified = missing == 0 && stale == 0 && unexpected == 0 && unexpectedDeadLetters == 0;
        return new VerificationReport(customers.size() - rejectedLive, received, missing, stale, unexpected,
                duplicates, verified, examples, rejectedLive, unexpectedDeadLetters);
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
