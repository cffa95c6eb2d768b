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
    private static final String ORIGIN = EventIds.origin("customers", 0, 41);
    private static final String OTHER_ORIGIN = EventIds.origin("customers", 0, 42);

    @Test
    void sameVersionsGiveTheSameIdWhateverTheDeliveryFields() {
        CustomerInventory merged = CustomerInventory.of(CUSTOMER, ITEM);

        assertThat(EventIds.forVersion(merged, ORIGIN))
                .isEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "s1", 10), item("s1", 5, 20)), ORIGIN))
                .isEqualTo(EventIds.forVersion(merged.withDelivery("earlier-id", 12_345), ORIGIN));
    }

    @Test
    void idIsAUuid() {
        String id = EventIds.forVersion(CustomerInventory.of(CUSTOMER, ITEM), ORIGIN);

        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }

    @Test
    void anyVersionPartChangesTheId() {
        String base = EventIds.forVersion(CustomerInventory.of(CUSTOMER, ITEM), ORIGIN);

        assertThat(base)
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c2", "s1", 10), ITEM), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "s1", 11), ITEM), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "s2", 10), ITEM), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(CUSTOMER, item("s1", 5, 21)), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(CUSTOMER, null), ORIGIN));
    }

    @Test
    void theSameContentFromAnotherInputRecordIsANewEvent() {
        CustomerInventory itemless = CustomerInventory.of(CUSTOMER, null);

        assertThat(EventIds.forVersion(itemless, ORIGIN))
                .isNotEqualTo(EventIds.forVersion(itemless, OTHER_ORIGIN))
                .isNotEqualTo(EventIds.forVersion(itemless, EventIds.origin("customers", 1, 41)))
                .isNotEqualTo(EventIds.forVersion(itemless, EventIds.origin("inventory", 0, 41)));
    }

    @Test
    void missingPartsAreNotConfusedWithLookalikeValues() {
        assertThat(EventIds.forVersion(CustomerInventory.of(customer("c1", null, 10), null), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "null", 10), null), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c1", "", 10), null), ORIGIN));
        // Without separators "c1"+"10" and "c11"+"0" would read the same.
        assertThat(EventIds.forVersion(CustomerInventory.of(customer("c1", "s1", 10), null), ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.of(customer("c11", "s1", 0), null), ORIGIN));
    }

    @Test
    void deletionIdDependsOnCustomerAndOriginAndDiffersFromEveryVersionId() {
        String deletion = EventIds.forDeletion("c1", ORIGIN);

        assertThat(deletion)
                .isEqualTo(EventIds.forDeletion("c1", ORIGIN))
                .isNotEqualTo(EventIds.forDeletion("c1", OTHER_ORIGIN))
                .isNotEqualTo(EventIds.forDeletion("c2", ORIGIN))
                .isNotEqualTo(EventIds.forVersion(CustomerInventory.deletion("c1"), ORIGIN));
    }
}
