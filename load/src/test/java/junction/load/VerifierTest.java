package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Test;

class VerifierTest {

    private static final InventoryItem LAMP = new InventoryItem("sku-1", "Lamp", "home", 1999, 3, "w1", 10);
    private static final InventoryItem CHAIR = new InventoryItem("sku-2", "Chair", "home", 4999, 1, "w2", 11);
    private static final Customer ANN = new Customer("c1", "Ann", "ann@example.com", "gold", "eu", "sku-1", 100);
    private static final Customer BOB = new Customer("c2", "Bob", "bob@example.com", "silver", "us", null, 101);
    private static final Customer CY = new Customer("c3", "Cy", "cy@example.com", "gold", "eu", "sku-404", 102);

    private final Map<String, Customer> customers = new HashMap<>(Map.of("c1", ANN, "c2", BOB, "c3", CY));
    private final Map<String, InventoryItem> inventory = new HashMap<>(Map.of("sku-1", LAMP, "sku-2", CHAIR));

    /** What a correct pipeline delivers: built by hand here, not by the topology's joiner. */
    private static CustomerInventory delivered(Customer c, InventoryItem item) {
        return new CustomerInventory("ev-" + c.customerId(), c.customerId(), c.name(), c.email(), c.tier(),
                c.region(), c.sku(), c.updatedAt(), item, 42, false, 1);
    }

    private Map<String, CustomerInventory> correctView() {
        return new HashMap<>(Map.of("c1", delivered(ANN, LAMP), "c2", delivered(BOB, null), "c3", delivered(CY, null)));
    }

    @Test
    void verifiesAMatchingView() {
        VerificationReport report = Verifier.verify(customers, inventory, correctView(), 0);

        assertThat(report).isEqualTo(new VerificationReport(3, 3, 0, 0, 0, 0, true, List.of()));
    }

    @Test
    void reportsMissingCustomers() {
        Map<String, CustomerInventory> view = correctView();
        view.remove("c2");

        VerificationReport report = Verifier.verify(customers, inventory, view, 0);

        assertThat(report.verified()).isFalse();
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.received()).isEqualTo(2);
        assertThat(report.examples()).containsExactly("missing c2");
    }

    @Test
    void reportsAStaleCustomerField() {
        Map<String, CustomerInventory> view = correctView();
        Customer oldAnn = new Customer("c1", "Ann", "old@example.com", "gold", "eu", "sku-1", 99);
        view.put("c1", delivered(oldAnn, LAMP));

        VerificationReport report = Verifier.verify(customers, inventory, view, 0);

        assertThat(report.verified()).isFalse();
        assertThat(report.stale()).isEqualTo(1);
        assertThat(report.examples()).singleElement().asString()
                .startsWith("stale c1:")
                .contains("email expected ann@example.com got old@example.com")
                .contains("updatedAt expected 100 got 99");
    }

    @Test
    void reportsAStaleInventoryItem() {
        Map<String, CustomerInventory> view = correctView();
        InventoryItem oldLamp = new InventoryItem("sku-1", "Lamp", "home", 1999, 4, "w1", 9);
        view.put("c1", delivered(ANN, oldLamp));

        VerificationReport report = Verifier.verify(customers, inventory, view, 0);

        assertThat(report.stale()).isEqualTo(1);
        assertThat(report.examples()).singleElement().asString()
                .contains("inventory.quantity expected 3 got 4")
                .contains("inventory.updatedAt expected 10 got 9");
    }

    @Test
    void reportsAnItemWhereNoneIsExpected() {
        // Cy's sku is unknown and Bob has none: neither may carry an item.
        Map<String, CustomerInventory> view = correctView();
        view.put("c2", delivered(BOB, CHAIR));
        view.put("c3", delivered(CY, LAMP));

        VerificationReport report = Verifier.verify(customers, inventory, view, 0);

        assertThat(report.stale()).isEqualTo(2);
        assertThat(report.examples()).anySatisfy(e -> assertThat(e).contains("c2").contains("expected none, got sku-2"));
    }

    @Test
    void reportsAMissingItemWhereOneIsExpected() {
        Map<String, CustomerInventory> view = correctView();
        view.put("c1", delivered(ANN, null));

        VerificationReport report = Verifier.verify(customers, inventory, view, 0);

        assertThat(report.stale()).isEqualTo(1);
        assertThat(report.examples()).containsExactly("stale c1: inventory sku-1 absent");
    }

    @Test
    void reportsADeletedCustomerStillInTheView() {
        customers.remove("c3");

        VerificationReport report = Verifier.verify(customers, inventory, correctView(), 0);

        assertThat(report.verified()).isFalse();
        assertThat(report.expected()).isEqualTo(2);
        assertThat(report.unexpected()).isEqualTo(1);
        assertThat(report.examples()).singleElement().asString().startsWith("unexpected c3");
    }

    @Test
    void reportsDuplicatesButStillVerifies() {
        VerificationReport report = Verifier.verify(customers, inventory, correctView(), 7);

        assertThat(report.verified()).isTrue();
        assertThat(report.duplicates()).isEqualTo(7);
    }

    @Test
    void keepsAFewExamplesAndWritesJson() throws Exception {
        for (int i = 0; i < 20; i++) {
            customers.put("x" + i, new Customer("x" + i, "X", "x@example.com", "gold", "eu", null, 1));
        }

        VerificationReport report = Verifier.verify(customers, inventory, correctView(), 0);

        assertThat(report.missing()).isEqualTo(20);
        assertThat(report.examples()).hasSize(Verifier.MAX_EXAMPLES);
        assertThat(JsonSerde.MAPPER.readValue(report.toJson(), VerificationReport.class)).isEqualTo(report);
    }
}
