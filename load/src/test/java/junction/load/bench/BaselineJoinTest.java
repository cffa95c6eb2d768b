package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import org.junit.jupiter.api.Test;

class BaselineJoinTest {

    private static final InventoryItem LAMP = new InventoryItem("sku-1", "Lamp", "home", 1999, 3, "w1", 10);
    private static final InventoryItem LAMP_V2 = new InventoryItem("sku-1", "Lamp", "home", 1799, 2, "w1", 20);
    private static final InventoryItem CHAIR = new InventoryItem("sku-2", "Chair", "home", 4999, 1, "w2", 11);
    private static final Customer ANN = new Customer("c1", "Ann", "ann@example.com", "gold", "eu", "sku-1", 100);
    private static final Customer BOB = new Customer("c2", "Bob", "bob@example.com", "silver", "us", "sku-1", 101);

    private final BaselineJoin join = new BaselineJoin();
    private long offset;

    private List<CustomerInventory> customer(String id, Customer value) {
        return join.onCustomer(id, value, 1000 + offset, "customers/0/" + offset++);
    }

    private List<CustomerInventory> item(String sku, InventoryItem value) {
        return join.onItem(sku, value, 1000 + offset, "inventory/0/" + offset++);
    }

    @Test
    void aCustomerIsMergedWithItsItemOrNone() {
        item("sku-1", LAMP);

        CustomerInventory ann = customer("c1", ANN).get(0);
        CustomerInventory bob = customer("c2", new Customer("c2", "Bob", "b@x", "gold", "us", "sku-404", 5)).get(0);

        assertThat(ann.inventory()).isEqualTo(LAMP);
        assertThat(ann.name()).isEqualTo("Ann");
        assertThat(ann.sourceTimestamp()).isEqualTo(1001);
        assertThat(ann.eventId()).isNotBlank();
        assertThat(bob.inventory()).isNull();
        assertThat(bob.deleted()).isFalse();
    }

    @Test
    void anItemChangeReachesEveryCustomerHoldingIt() {
        customer("c1", ANN);
        customer("c2", BOB);

        List<CustomerInventory> out = item("sku-1", LAMP);
        List<CustomerInventory> updated = item("sku-1", LAMP_V2);

        assertThat(out).extracting(CustomerInventory::customerId).containsExactlyInAnyOrder("c1", "c2");
        assertThat(out).allSatisfy(r -> assertThat(r.inventory()).isEqualTo(LAMP));
        assertThat(updated).allSatisfy(r -> assertThat(r.inventory()).isEqualTo(LAMP_V2));
        assertThat(updated).allSatisfy(r -> assertThat(r.sourceTimestamp()).isEqualTo(1003));
        assertThat(item("sku-2", CHAIR)).isEmpty();
    }

    @Test
    void aCustomerMovingToAnotherSkuLeavesTheOldOnesIndex() {
        item("sku-1", LAMP);
        item("sku-2", CHAIR);
        customer("c1", ANN);

        CustomerInventory moved = customer("c1", new Customer("c1", "Ann", "ann@example.com", "gold", "eu", "sku-2", 101))
                .get(0);

        assertThat(moved.inventory()).isEqualTo(CHAIR);
        assertThat(item("sku-1", LAMP_V2)).isEmpty();
        assertThat(item("sku-2", CHAIR)).extracting(CustomerInventory::customerId).containsExactly("c1");
    }

    @Test
    void aDeletedCustomerIsSentAsADeletionAndForgotten() {
        item("sku-1", LAMP);
        customer("c1", ANN);

        List<CustomerInventory> out = customer("c1", null);

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.deleted()).isTrue();
            assertThat(r.customerId()).isEqualTo("c1");
            assertThat(r.eventId()).isNotBlank();
        });
        assertThat(item("sku-1", LAMP_V2)).isEmpty();
        assertThat(customer("c9", null)).as("a tombstone for a customer never seen").isEmpty();
    }

    @Test
    void aDeletedItemLeavesItsCustomersWithoutOne() {
        item("sku-1", LAMP);
        customer("c1", ANN);

        List<CustomerInventory> out = item("sku-1", null);

        assertThat(out).singleElement().satisfies(r -> assertThat(r.inventory()).isNull());
        assertThat(item("sku-404", null)).isEmpty();
    }

    @Test
    void readingTheInputsAgainGivesTheSameEventIds() {
        String first = customer("c1", ANN).get(0).eventId();

        String replayed = new BaselineJoin().onCustomer("c1", ANN, 1000, "customers/0/0").get(0).eventId();

        assertThat(replayed).isEqualTo(first);
    }

    @Test
    void aStateThatLooksLikeAnEarlierOneGetsAnIdOfItsOwn() {
        // Same ids would make the endpoint drop the later state as a duplicate and keep a stale one.
        Set<String> ids = new HashSet<>();
        ids.add(customer("c1", ANN).get(0).eventId()); // no item yet
        ids.add(item("sku-1", LAMP).get(0).eventId()); // with the lamp
        ids.add(item("sku-1", null).get(0).eventId()); // item deleted: no item again
        ids.add(customer("c1", null).get(0).eventId()); // customer deleted
        ids.add(customer("c1", ANN).get(0).eventId()); // back as it was at first

        assertThat(ids).hasSize(5);
    }

    @Test
    void aSnapshotGivesEveryCustomersCurrentStateWithTheIdsItWasDeliveredUnder() {
        item("sku-1", LAMP);
        CustomerInventory ann = customer("c1", ANN).get(0);
        customer("c2", BOB);
        CustomerInventory bobWithNewLamp = item("sku-1", LAMP_V2).stream()
                .filter(r -> r.customerId().equals("c2")).findFirst().orElseThrow();
        customer("c3", new Customer("c3", "Cy", "cy@example.com", "gold", "eu", null, 7));
        CustomerInventory cyDeleted = customer("c3", null).get(0);

        List<CustomerInventory> snapshot = join.snapshot();

        assertThat(snapshot).extracting(CustomerInventory::customerId).containsExactlyInAnyOrder("c1", "c2", "c3");
        CustomerInventory annNow = snapshot.stream().filter(r -> r.customerId().equals("c1")).findFirst().orElseThrow();
        assertThat(annNow.inventory()).isEqualTo(LAMP_V2);
        assertThat(annNow.eventId()).isNotEqualTo(ann.eventId());
        assertThat(annNow.sourceTimestamp()).as("the later of the customer and its item").isEqualTo(1003);
        assertThat(snapshot).contains(bobWithNewLamp, cyDeleted);
    }
}
