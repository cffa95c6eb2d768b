package junction.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import junction.ingest.Change.CustomerChange;
import junction.ingest.Change.InventoryChange;
import junction.ingest.Change.Kind;
import junction.model.Customer;
import junction.model.InventoryItem;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    /** The input tables a consumer of every emitted change would hold: last value wins, null deletes. */
    private static final class Replay {
        final Map<String, Customer> customers = new HashMap<>();
        final Map<String, InventoryItem> inventory = new HashMap<>();

        void apply(Change change) {
            if (change instanceof CustomerChange c) {
                put(customers, c.key(), c.value());
            } else if (change instanceof InventoryChange i) {
                put(inventory, i.key(), i.value());
            }
        }

        private static <V> void put(Map<String, V> table, String key, V value) {
            if (value == null) {
                table.remove(key);
            } else {
                table.put(key, value);
            }
        }
    }

    private static List<Change> initialAndUpdates(Generator generator, int updates) {
        List<Change> changes = new ArrayList<>();
        Stream.concat(generator.initialInventory(), generator.initialCustomers()).forEach(changes::add);
        for (int i = 0; i < updates; i++) {
            changes.add(generator.nextUpdate());
        }
        return changes;
    }

    @Test
    void sameSeedGivesTheSameChangesAndFinalState() {
        Generator first = new Generator(7, 2_000, 200);
        Generator second = new Generator(7, 2_000, 200);

        assertThat(initialAndUpdates(first, 20_000)).isEqualTo(initialAndUpdates(second, 20_000));
        assertThat(first.customers()).isEqualTo(second.customers());
        assertThat(first.inventory()).isEqualTo(second.inventory());
    }

    @Test
    void differentSeedGivesDifferentChanges() {
        Generator first = new Generator(7, 2_000, 200);
        Generator second = new Generator(8, 2_000, 200);

        assertThat(first.initialCustomers().toList()).isNotEqualTo(second.initialCustomers().toList());
        assertThat(first.initialInventory().toList()).isNotEqualTo(second.initialInventory().toList());
        List<Change> firstUpdates = Stream.generate(first::nextUpdate).limit(100).toList();
        assertThat(firstUpdates).isNotEqualTo(Stream.generate(second::nextUpdate).limit(100).toList());
    }

    @Test
    void finalStateIsWhatReplayingTheChangesGives() {
        // Few entities and many updates, so every entity is deleted and re-created several times.
        Generator generator = new Generator(3, 500, 50);
        Replay replay = new Replay();

        List<Change> changes = initialAndUpdates(generator, 100_000);
        changes.forEach(replay::apply);

        assertThat(changes).filteredOn(c -> c.kind() == Kind.CUSTOMER_DELETED).hasSizeGreaterThan(500);
        assertThat(changes).filteredOn(c -> c.kind() == Kind.SKU_DELETED).hasSizeGreaterThan(50);
        // Both ways round: the view's equals and the HashMap's equals walk different maps.
        assertThat(generator.customers()).isEqualTo(replay.customers);
        assertThat(replay.customers).isEqualTo(generator.customers());
        assertThat(generator.inventory()).isEqualTo(replay.inventory);
        assertThat(replay.inventory).isEqualTo(generator.inventory());
        assertThat(generator.customers()).doesNotContainKey("c0001").doesNotContainKey("c501");
    }

    @Test
    void updatedAtIncreasesOnEveryChangeOfAnEntity() {
        Generator generator = new Generator(5, 300, 30);
        Map<String, Long> lastUpdatedAt = new HashMap<>();

        for (Change change : initialAndUpdates(generator, 50_000)) {
            if (change.isTombstone()) {
                continue; // its key keeps its last updatedAt, which a re-creation must exceed
            }
            long updatedAt = change instanceof CustomerChange c ? c.value().updatedAt()
                    : ((InventoryChange) change).value().updatedAt();
            String entity = change.topic() + "/" + change.key();
            Long previous = lastUpdatedAt.put(entity, updatedAt);
            if (previous != null) {
                assertThat(updatedAt).as("%s after %s", change, previous).isGreaterThan(previous);
            }
        }
    }

    @Test
    void idsAreZeroPaddedToTheWidthOfTheCount() {
        Generator generator = new Generator(1, 100_000, 10_000);

        assertThat(generator.initialCustomers().findFirst()).get().extracting(Change::key).isEqualTo("c000001");
        assertThat(generator.initialInventory().findFirst()).get().extracting(Change::key).isEqualTo("sku00001");
        assertThat(generator.customers()).containsKey("c100000").hasSize(100_000);
        assertThat(generator.inventory()).containsKey("sku10000").hasSize(10_000);
        assertThat(generator.customers().get("c000001").customerId()).isEqualTo("c000001");
    }

    @Test
    void initialCustomersPointAtExistingSkusAndAFewAtNone() {
        Generator generator = new Generator(9, 20_000, 1_000);
        Map<String, InventoryItem> inventory = generator.inventory();

        List<Customer> customers = generator.initialCustomers().map(c -> (Customer) c.value()).toList();

        long withoutSku = customers.stream().filter(c -> c.sku() == null).count();
        assertThat(withoutSku / 20_000.0).isCloseTo(0.03, within(0.006));
        assertThat(customers).filteredOn(c -> c.sku() != null).allSatisfy(c -> assertThat(inventory).containsKey(c.sku()));
        assertThat(customers).extracting(Customer::tier).containsOnly("bronze", "silver", "gold", "platinum");
        assertThat(customers).allSatisfy(c -> assertThat(c.email()).contains("@").isNotBlank());
    }

    @Test
    void updatesComeInTheIntendedProportionsAndDoWhatTheirKindSays() {
        int updates = 100_000;
        Generator generator = new Generator(11, 20_000, 2_000);
        Replay replay = new Replay();
        Stream.concat(generator.initialInventory(), generator.initialCustomers()).forEach(replay::apply);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);

        for (int i = 0; i < updates; i++) {
            Change change = generator.nextUpdate();
            assertThat(change.topic()).isEqualTo(change.kind().topic());
            if (change instanceof CustomerChange c) {
                checkCustomerChange(c, replay);
            } else {
                checkInventoryChange((InventoryChange) change, replay);
            }
            replay.apply(change);
            counts.merge(change.kind(), 1, Integer::sum);
        }

        for (Kind kind : Kind.values()) {
            double expected = updates * kind.weight() / 1000.0;
            // Redrawn kinds (nothing to re-create yet) shift a few percent; 4 sigma covers chance.
            double tolerance = 0.1 * expected + 4 * Math.sqrt(expected);
            assertThat((double) counts.getOrDefault(kind, 0)).as(kind.name()).isCloseTo(expected, within(tolerance));
        }
    }

    private static void checkCustomerChange(CustomerChange change, Replay before) {
        Customer previous = before.customers.get(change.key());
        Customer now = change.value();
        if (change.kind() == Kind.CUSTOMER_CREATED) {
            assertThat(previous).as("re-created customer existed").isNull();
            assertThat(now.customerId()).isEqualTo(change.key());
            return;
        }
        assertThat(previous).as("%s of a customer that does not exist", change.kind()).isNotNull();
        switch (change.kind()) {
            case CUSTOMER_DELETED -> assertThat(now).isNull();
            case CUSTOMER_SKU_CHANGED -> assertThat(before.inventory).containsKey(now.sku());
            case CUSTOMER_SKU_CLEARED -> assertThat(now.sku()).isNull();
            case CUSTOMER_SKU_UNKNOWN -> assertThat(now.sku()).isNotNull().satisfies(
                    sku -> assertThat(before.inventory).doesNotContainKey(sku));
            case CUSTOMER_PROFILE_CHANGED -> {
                assertThat(now.sku()).isEqualTo(previous.sku());
                assertThat(now.tier().equals(previous.tier()) && now.email().equals(previous.email())).isFalse();
            }
            default -> throw new AssertionError("not a customer kind: " + change.kind());
        }
    }

    private static void checkInventoryChange(InventoryChange change, Replay before) {
        InventoryItem previous = before.inventory.get(change.key());
        InventoryItem now = change.value();
        if (change.kind() == Kind.SKU_CREATED) {
            assertThat(previous).as("re-created sku existed").isNull();
            assertThat(now.sku()).isEqualTo(change.key());
            return;
        }
        assertThat(previous).as("%s of a sku that does not exist", change.kind()).isNotNull();
        switch (change.kind()) {
            case SKU_DELETED -> assertThat(now).isNull();
            case SKU_QUANTITY_CHANGED -> assertThat(now).usingRecursiveComparison()
                    .ignoringFields("quantity", "updatedAt").isEqualTo(previous);
            case SKU_PRICE_CHANGED -> assertThat(now).usingRecursiveComparison()
                    .ignoringFields("priceCents", "updatedAt").isEqualTo(previous);
            default -> throw new AssertionError("not an inventory kind: " + change.kind());
        }
    }

    @Test
    void initialRecordsAreRefusedOnceUpdatesStarted() {
        Generator generator = new Generator(1, 10, 10);
        generator.nextUpdate();

        assertThatIllegalStateException().isThrownBy(generator::initialCustomers);
    }

    /** Runs in the module's small test heap (see pom.xml): a non-compact state would not fit. */
    @Test
    void generatesAMillionCustomersAndAHundredThousandSkus() {
        Generator generator = new Generator(13, 1_000_000, 100_000);

        long skus = generator.initialInventory().filter(c -> !c.isTombstone()).mapToLong(c -> 1).sum();
        long customers = generator.initialCustomers().filter(c -> !c.isTombstone()).mapToLong(c -> 1).sum();
        for (int i = 0; i < 100_000; i++) {
            generator.nextUpdate();
        }

        assertThat(skus).isEqualTo(100_000);
        assertThat(customers).isEqualTo(1_000_000);
        assertThat(generator.customers().size()).isBetween(990_000, 1_000_000);
        assertThat(generator.inventory().size()).isBetween(99_000, 100_000);
    }
}
