package junction.topology;

import static junction.topology.SampleData.customer;
import static junction.topology.SampleData.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final Customer CUSTOMER = customer("c1", "s1", 10);
    private static final InventoryItem ITEM = item("s1", 5, 20);

    @Test
    void sameVersionsGiveTheSameIdWhateverTheDeliveryFields() {
        CustomerInventory merged = CustomerInventory.of(CUSTOMER, ITEM);

        assertThat(EventIds.forVersion(merged))
                .isEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "s1", 10), item("s1", 5, 20))))
                .isEqualTo(EventIds.forVersion(merged.withDelivery("earlier-id", 12_345)));
    }

    @Test
    void idIsAUuid() {
        String id = EventIds.forVersion(CustomerInventory.of(CUSTOMER, ITEM));

        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }

    @Test
    void anyVersionPartChangesTheId() {
        String base = EventIds.forVersion(CustomerInventory.of(CUSTOMER, ITEM));

        assertThat(base)
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c2", "s1", 10), ITEM)))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "s1", 11), ITEM)))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "s2", 10), ITEM)))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(CUSTOMER, item("s1", 5, 21))))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(CUSTOMER, null)));
    }

    @Test
    void missingPartsAreNotConfusedWithLookalikeValues() {
        assertThat(EventIds.forVersion(CustomerInventory.of(customer("c1", null, 10), null)))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "null", 10), null)))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "", 10), null)));
        // Without separators "c1"+"10" and "c11"+"0" would read the same.
        assertThat(EventIds.forVersion(CustomerInventory.of(customer("c1", "s1", 10), null)))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c11", "s1", 0), null)));
    }

    @Test
    void deletionIdDependsOnCustomerAndTimeAndDiffersFromEveryVersionId() {
        String deletion = EventIds.forDeletion("c1", 5_000);

        assertThat(deletion)
                .isEqualTo(EventIds.forDeletion("c1", 5_000))
                .isNotEqualTo(EventIds.forDeletion("c1", 5_001))
                .isNotEqualTo(EventIds.forDeletion("c2", 5_000))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.deletion("c1")));
    }
}
