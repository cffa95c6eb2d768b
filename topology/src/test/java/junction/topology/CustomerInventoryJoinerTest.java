package junction.topology;

import static junction.topology.SampleData.customer;
import static junction.topology.SampleData.item;
import static org.assertj.core.api.Assertions.assertThat;

import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import org.junit.jupiter.api.Test;

class CustomerInventoryJoinerTest {

    private static final Customer CUSTOMER = customer("c1", "s1", 10);
    private static final InventoryItem ITEM = item("s1", 5, 20);

    private final CustomerInventoryJoiner joiner = new CustomerInventoryJoiner();

    @Test
    void mergesTheCustomerWithItsItem() {
        assertThat(joiner.apply(CUSTOMER, ITEM)).isEqualTo(new CustomerInventory(null, "c1", "name of c1",
                "c1@example.com", "gold", "eu-west", "s1", 10, ITEM, 0, false, 0));
    }

    @Test
    void keepsTheCustomerWhenTheItemIsUnknown() {
        assertThat(joiner.apply(CUSTOMER, null)).isEqualTo(new CustomerInventory(null, "c1", "name of c1",
                "c1@example.com", "gold", "eu-west", "s1", 10, null, 0, false, 0));
    }
}
