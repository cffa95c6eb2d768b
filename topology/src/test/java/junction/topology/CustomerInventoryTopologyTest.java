package junction.topology;

import static junction.topology.SampleData.customer;
import static junction.topology.SampleData.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The foreign-key left join as a ledger: pinned timestamps, one step at a time, and after each step
 * the state of both tables in a comment, then what the sink received, what the output topic holds
 * and, where it matters, what the stores hold.
 */
class CustomerInventoryTopologyTest {

    private JoinTestDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new JoinTestDriver(options(), true);
    }

    /** The topology under test: the default one, whose join result is kept nowhere. */
    TopologyOptions options() {
        return TopologyOptions.defaults();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void customerBeforeItsSkuIsEmittedWithoutInventoryThenComplete() {
        Customer c1 = customer("c1", "s1", 1);
        InventoryItem s1 = item("s1", 5, 1);

        driver.put(c1, 1_000);
        // customers: c1->s1 | inventory: (empty)
        assertEmitted(merged(c1, null, 1_000));
        assertThat(driver.customersStore().get("c1")).isEqualTo(ValueAndTimestamp.make(c1, 1_000));

        driver.put(s1, 2_000);
        // customers: c1->s1 | inventory: s1
        assertEmitted(merged(c1, s1, 2_000));
        assertThat(driver.inventoryStore().get("s1")).isEqualTo(ValueAndTimestamp.make(s1, 2_000));
    }

    @Test
    void skuBeforeItsCustomerIsEmittedCompleteAtOnce() {
        InventoryItem s1 = item("s1", 5, 1);
        Customer c1 = customer("c1", "s1", 1);

        driver.put(s1, 1_000);
        // customers: (empty) | inventory: s1
        assertEmitted();

        driver.put(c1, 2_000);
        // customers: c1->s1 | inventory: s1
        assertEmitted(merged(c1, s1, 2_000));
        assertThat(driver.customersStore().get("c1")).isEqualTo(ValueAndTimestamp.make(c1, 2_000));
        assertThat(driver.inventoryStore().get("s1")).isEqualTo(ValueAndTimestamp.make(s1, 1_000));
    }

    @Test
    void updatesOnEitherSideReEmitTheMergeWithTheLatestOfBoth() {
        Customer c1v1 = customer("c1", "s1", 1);
        InventoryItem s1v1 = item("s1", 5, 1);
        driver.put(c1v1, 1_000);
        driver.put(s1v1, 2_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1v1->s1 | inventory: s1v1

        Customer c1v2 = new Customer("c1", "renamed", "new@example.com", "platinum", "us-east", "s1", 2);
        driver.put(c1v2, 3_000);
        // customers: c1v2->s1 | inventory: s1v1
        assertEmitted(merged(c1v2, s1v1, 3_000));

        InventoryItem s1v2 = item("s1", 4, 2);
        driver.put(s1v2, 4_000);
        // customers: c1v2->s1 | inventory: s1v2
        assertEmitted(merged(c1v2, s1v2, 4_000));

        InventoryItem s1v3 = item("s1", 3, 3);
        Customer c1v3 = customer("c1", "s1", 3);
        driver.put(s1v3, 5_000);
        driver.put(c1v3, 6_000);
        // customers: c1v3->s1 | inventory: s1v3
        assertEmitted(merged(c1v2, s1v3, 5_000), merged(c1v3, s1v3, 6_000));
        assertThat(driver.customersStore().get("c1")).isEqualTo(ValueAndTimestamp.make(c1v3, 6_000));
        assertThat(driver.inventoryStore().get("s1")).isEqualTo(ValueAndTimestamp.make(s1v3, 5_000));
    }

    @Test
    void customerWhoseSkuChangesMovesToTheNewItemAndLeavesTheOldOne() {
        InventoryItem s1 = item("s1", 5, 1);
        InventoryItem s2 = item("s2", 7, 1);
        driver.put(s1, 1_000);
        driver.put(s2, 1_000);
        driver.put(customer("c1", "s1", 1), 2_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1->s1 | inventory: s1, s2

        Customer moved = customer("c1", "s2", 2);
        driver.put(moved, 3_000);
        // customers: c1->s2 | inventory: s1, s2
        assertEmitted(merged(moved, s2, 3_000));

        driver.put(item("s1", 4, 2), 4_000);
        // customers: c1->s2 | inventory: s1v2, s2 -- nobody points at s1 any more
        assertEmitted();

        InventoryItem s2v2 = item("s2", 6, 2);
        driver.put(s2v2, 5_000);
        // customers: c1->s2 | inventory: s1v2, s2v2
        assertEmitted(merged(moved, s2v2, 5_000));
    }

    @Test
    void skuSetToNullEmitsNoInventoryAndSetBackJoinsTheCurrentItem() {
        InventoryItem s1 = item("s1", 5, 1);
        driver.put(s1, 1_000);
        driver.put(customer("c1", "s1", 1), 2_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1->s1 | inventory: s1

        Customer withoutSku = customer("c1", null, 2);
        driver.put(withoutSku, 3_000);
        // customers: c1->(null) | inventory: s1
        assertEmitted(merged(withoutSku, null, 3_000));

        InventoryItem s1v2 = item("s1", 4, 2);
        driver.put(s1v2, 4_000);
        // customers: c1->(null) | inventory: s1v2
        assertEmitted();

        Customer back = customer("c1", "s1", 3);
        driver.put(back, 5_000);
        // customers: c1->s1 | inventory: s1v2
        assertEmitted(merged(back, s1v2, 5_000));
    }

    @Test
    void customerWithAnUnknownSkuIsEmittedWithoutInventory() {
        Customer c1 = customer("c1", "no-such-sku", 1);

        driver.put(c1, 1_000);
        // customers: c1->no-such-sku | inventory: (empty)
        assertEmitted(merged(c1, null, 1_000));
    }

    @Test
    void inventoryTombstoneReEmitsItsCustomersWithoutInventoryUntilTheItemIsBack() {
        InventoryItem s1 = item("s1", 5, 1);
        Customer c1 = customer("c1", "s1", 1);
        Customer c2 = customer("c2", "s1", 1);
        driver.put(s1, 1_000);
        driver.put(c1, 2_000);
        driver.put(c2, 2_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1->s1, c2->s1 | inventory: s1

        driver.deleteItem("s1", 3_000);
        // customers: c1->s1, c2->s1 | inventory: (empty)
        assertEmittedInAnyOrder(merged(c1, null, 3_000), merged(c2, null, 3_000));
        assertThat(driver.inventoryStore().get("s1")).isNull();

        InventoryItem recreated = item("s1", 9, 2);
        driver.put(recreated, 4_000);
        // customers: c1->s1, c2->s1 | inventory: s1 (recreated)
        assertEmittedInAnyOrder(merged(c1, recreated, 4_000), merged(c2, recreated, 4_000));
    }

    @Test
    void aCustomerArrivingAfterItsSkuWasDeletedIsEmittedWithoutInventory() {
        driver.put(item("s1", 5, 1), 1_000);
        driver.deleteItem("s1", 2_000);
        // customers: (empty) | inventory: (empty) -- s1 existed and is gone
        assertEmitted();

        Customer c1 = customer("c1", "s1", 1);
        driver.put(c1, 3_000);
        // customers: c1->s1 | inventory: (empty)
        assertEmitted(merged(c1, null, 3_000));
    }

    @Test
    void tombstonesForKeysNeverSeenChangeNothingOnEitherTopic() {
        InventoryItem s1 = item("s1", 5, 1);
        Customer c1 = customer("c1", "s1", 1);
        driver.put(s1, 1_000);
        driver.put(c1, 1_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1->s1 | inventory: s1

        driver.deleteCustomer("c-unknown", 2_000);
        driver.deleteItem("s-unknown", 2_000);
        // customers: c1->s1 | inventory: s1 -- unchanged
        assertEmitted();
        assertThat(driver.drainDeadLetters()).as("a tombstone is not bad input").isEmpty();
        assertThat(driver.customersStore().get("c1").value()).isEqualTo(c1);
        assertThat(driver.inventoryStore().get("s1").value()).isEqualTo(s1);
    }

    @Test
    void customerTombstoneReachesTheSinkAsADeletionAndTheOutputTopicAsATombstone() {
        InventoryItem s1 = item("s1", 5, 1);
        driver.put(s1, 1_000);
        driver.put(customer("c1", "s1", 1), 2_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1->s1 | inventory: s1

        driver.deleteCustomer("c1", 3_000);
        // customers: (empty) | inventory: s1
        assertEmitted(deletion("c1", 3_000));
        assertThat(driver.customersStore().get("c1")).isNull();

        driver.put(item("s1", 4, 2), 4_000);
        // customers: (empty) | inventory: s1v2 -- the deleted customer is not re-emitted
        assertEmitted();
    }

    @Test
    void oneInventoryUpdateReEmitsEveryCustomerPointingAtIt() {
        driver.put(item("s1", 5, 1), 1_000);
        List<Customer> customers = List.of(customer("c1", "s1", 1), customer("c2", "s1", 1),
                customer("c3", "s1", 1), customer("c4", "s1", 1), customer("c5", "s1", 1));
        customers.forEach(c -> driver.put(c, 2_000));
        driver.put(customer("other", "s2", 1), 2_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1..c5->s1, other->s2 | inventory: s1

        InventoryItem s1v2 = item("s1", 0, 2);
        driver.put(s1v2, 3_000);
        // customers: c1..c5->s1, other->s2 | inventory: s1v2
        assertEmittedInAnyOrder(customers.stream().map(c -> merged(c, s1v2, 3_000)).toArray(Emitted[]::new));
    }

    @Test
    void withoutASinkTheJoinWritesOnlyTheOutputTopicOnTheConfiguredTopics() {
        driver.close();
        driver = new JoinTestDriver(new TopologyOptions("crm.customers", "erp.inventory", "analytics.merged", null),
                false);
        Customer c1 = customer("c1", "s1", 1);
        InventoryItem s1 = item("s1", 5, 1);

        driver.put(c1, 1_000);
        driver.put(s1, 2_000);
        driver.deleteCustomer("c1", 3_000);
        // customers: (empty) | inventory: s1

        assertThat(outputRecords()).containsExactly(merged(c1, null, 1_000), merged(c1, s1, 2_000),
                new Emitted("c1", null, 3_000));
        assertThat(driver.drainSink()).isEmpty();
    }

    /**
     * With the input tables cached ({@code --record-cache-bytes}) the join is the same: the test
     * driver commits after every record, so each change leaves its cache at once here, and what a
     * cache merges within a commit on a real broker is {@code RecordCacheTest}'s.
     */
    @Test
    void withCachedInputTablesEveryChangeStillJoins() {
        driver.close();
        driver = new JoinTestDriver(TopologyOptions.defaults().withInputTablesCached(true), false);
        Customer c1 = customer("c1", "s1", 1);
        InventoryItem s1 = item("s1", 5, 1);
        InventoryItem s1v2 = item("s1", 4, 2);

        driver.put(c1, 1_000);
        driver.put(s1, 2_000);
        driver.put(s1v2, 3_000);
        driver.deleteCustomer("c1", 4_000);

        assertThat(outputRecords()).containsExactly(merged(c1, null, 1_000), merged(c1, s1, 2_000),
                merged(c1, s1v2, 3_000), new Emitted("c1", null, 4_000));
    }

    @Test
    void sourceTimestampIsTheTimestampOfTheInputRecordThatCausedTheVersion() {
        driver.put(customer("c1", "s1", 1), 1_234);
        driver.put(item("s1", 5, 1), 5_678);
        driver.deleteCustomer("c1", 9_012);

        assertThat(driver.drainSink()).extracting(e -> e.value().sourceTimestamp(), Emitted::timestamp)
                .containsExactly(
                        tuple(1_234L, 1_234L),
                        tuple(5_678L, 5_678L),
                        tuple(9_012L, 9_012L));
    }

    @Test
    void sourceTimestampOfAJoinIsTheLaterOfTheTwoSidesWhenInputArrivesOutOfTimeOrder() {
        // Kafka Streams stamps a join result with the larger timestamp of its two inputs.
        driver.put(item("s1", 5, 1), 9_000);
        driver.put(customer("c1", "s1", 1), 2_000);

        assertThat(driver.drainSink()).extracting(e -> e.value().sourceTimestamp()).containsExactly(9_000L);
    }

    @Test
    void replayingTheSameInputIntoAFreshTopologyGivesTheSameEventIds() {
        List<String> first = eventIdsOfVersionsOfOneCustomer();
        driver.close();
        driver = new JoinTestDriver();
        List<String> replayed = eventIdsOfVersionsOfOneCustomer();

        assertThat(first).hasSize(6).doesNotContainNull().isEqualTo(replayed);
    }

    @Test
    void everyVersionGetsItsOwnEventId() {
        List<String> ids = eventIdsOfVersionsOfOneCustomer();

        assertThat(ids).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void anItemlessVersionAfterTheItemIsDeletedIsANewEventNotADuplicateOfTheFirstItemlessOne() {
        // customers: c1 -> s1 | inventory: (empty) => c1 without inventory
        driver.put(customer("c1", "s1", 1), 1_000);
        // customers: c1 -> s1 | inventory: s1 => c1 complete
        driver.put(item("s1", 5, 1), 2_000);
        // customers: c1 -> s1 | inventory: (s1 deleted) => c1 without inventory again, same content as at first
        driver.deleteItem("s1", 3_000);

        List<Emitted> emitted = driver.drainSink();
        assertThat(emitted).extracting(e -> e.value().inventory() == null).containsExactly(true, false, true);
        assertThat(emitted).extracting(e -> e.value().eventId()).doesNotHaveDuplicates();
    }

    @Test
    void theSinkAndTheOutputTopicCarryTheSameEventIds() {
        playVersionsOfOneCustomer();

        List<String> toTopic = driver.drainOutput().stream()
                .map(e -> e.value() == null ? null : e.value().eventId()).toList();
        List<String> toSink = driver.drainSink().stream()
                .map(e -> e.value().deleted() ? null : e.value().eventId()).toList();
        assertThat(toTopic).hasSize(6).isEqualTo(toSink);
    }

    /** Six versions: no inventory, complete, item update, customer update, sku removed, deleted. */
    private void playVersionsOfOneCustomer() {
        driver.put(customer("c1", "s1", 1), 1_000);
        driver.put(item("s1", 5, 1), 2_000);
        driver.put(item("s1", 4, 2), 3_000);
        driver.put(customer("c1", "s1", 2), 4_000);
        driver.put(customer("c1", null, 3), 5_000);
        driver.deleteCustomer("c1", 6_000);
    }

    private List<String> eventIdsOfVersionsOfOneCustomer() {
        playVersionsOfOneCustomer();
        return driver.drainSink().stream().map(e -> e.value().eventId()).toList();
    }

    private static Emitted merged(Customer customer, InventoryItem item, long timestamp) {
        return new Emitted(customer.customerId(), CustomerInventory.of(customer, item).withDelivery(null, timestamp),
                timestamp);
    }

    private static Emitted deletion(String customerId, long timestamp) {
        return new Emitted(customerId, CustomerInventory.deletion(customerId).withDelivery(null, timestamp), timestamp);
    }

    /** What the output topic holds for what the sink received: a deletion is a tombstone there. */
    private static Emitted onOutputTopic(Emitted toSink) {
        return toSink.value().deleted() ? new Emitted(toSink.key(), null, toSink.timestamp()) : toSink;
    }

    private void assertEmitted(Emitted... expectedAtSink) {
        assertEmitted(ListAssert::containsExactly, expectedAtSink);
    }

    private void assertEmittedInAnyOrder(Emitted... expectedAtSink) {
        assertEmitted(ListAssert::containsExactlyInAnyOrder, expectedAtSink);
    }

    private void assertEmitted(BiConsumer<ListAssert<Emitted>, Emitted[]> check, Emitted[] expectedAtSink) {
        check.accept(assertThat(sinkRecords()).as("records the sink received"), expectedAtSink);
        check.accept(assertThat(outputRecords()).as("records on the output topic"),
                Arrays.stream(expectedAtSink).map(CustomerInventoryTopologyTest::onOutputTopic).toArray(Emitted[]::new));
    }

    private List<Emitted> sinkRecords() {
        List<Emitted> received = driver.drainSink();
        assertThat(received).as("every record at the sink has an event id")
                .allSatisfy(e -> assertThat(e.value().eventId()).isNotNull());
        return received.stream().map(Emitted::withoutEventId).toList();
    }

    private List<Emitted> outputRecords() {
        return driver.drainOutput().stream().map(Emitted::withoutEventId).toList();
    }
}
