package junction.topology;

import junction.model.Customer;
import junction.model.InventoryItem;

/** Customers and items that differ only where a test needs them to. */
final class SampleData {

    private SampleData() {
    }

    static Customer customer(String customerId, String sku, long updatedAt) {
        return new Customer(customerId, "name of " + customerId, customerId + "@example.com", "gold", "eu-west",
                sku, updatedAt);
    }

    static InventoryItem item(String sku, int quantity, long updatedAt) {
        return new InventoryItem(sku, "item " + sku, "tools", 1_999L, quantity, "wh-1", updatedAt);
    }
}
