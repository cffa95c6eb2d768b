package junction.topology;

import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import org.apache.kafka.streams.kstream.ValueJoiner;

/** Merges a customer with the inventory item its sku points at; the item is null when unknown. */
public final class CustomerInventoryJoiner implements ValueJoiner<Customer, InventoryItem, CustomerInventory> {

    @Override
    public CustomerInventory apply(Customer customer, InventoryItem item) {
        return CustomerInventory.of(customer, item);
    }
}
