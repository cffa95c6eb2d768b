package junction.topology;

import static junction.topology.SampleData.customer;
import static junction.topology.SampleData.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import junction.model.CustomerInventory;
import junction.model.DeliveryHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-customer version, {@code max(last + 1, generation × 2^42 + now in ms)}, through the whole
 * topology on a clock and a group generation the test sets: each branch (first version, clock
 * ahead, clock behind or standing still, a changelog tail lost in a crash, a zombie of an older
 * generation, a deletion and a customer created again), and the headers that let the output
 * topic's records, tombstones included, be accounted for.
 */
class DeliveryStamperTest {

    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong clock = new AtomicLong(T0);
    private final AtomicInteger generation = new AtomicInteger(0);
    private JoinTestDriver driver;

    @BeforeEach
    void start() {
        driver = new JoinTestDriver(TopologyOptions.defaults().withClockMillis(clock::get).withGroupGeneration(generation::get), true);
        driver.put(item("s1", 5, 1), 1);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aCustomersFirstVersionIsTheClock() {
        driver.put(customer("c1", "s1", 10), 2);

        assertThat(versions(driver.drainSink())).containsExactly(T0);
        assertThat(driver.versionStore().get("c1")).isEqualTo(T0);
    }

    @Test
    void aClockAheadOfTheLastVersionGivesTheClock() {
        driver.put(customer("c1", "s1", 10), 2);
        clock.set(T0 + 5_000);
        driver.put(customer("c1", "s1", 11), 3);

        assertThat(versions(driver.drainSink())).containsExactly(T0, T0 + 5_000);
    }

    @Test
    void aClockStandingStillOrBehindStillGivesAHigherVersion() {
        driver.put(customer("c1", "s1", 10), 2);
        driver.put(customer("c1", "s1", 11), 3);
        // An instance whose clock is behind the one that issued the last version takes the task.
        clock.set(T0 - 1_000);
        driver.put(customer("c1", "s1", 12), 4);

        assertThat(versions(driver.drainSink())).containsExactly(T0, T0 + 1, T0 + 2);
    }

    @Test
    void versionsAreCountedPerCustomer() {
        driver.put(customer("c1", "s1", 10), 2);
        driver.put(customer("c2", "s1", 10), 3);
        driver.put(customer("c1", "s1", 11), 4);

        assertThat(driver.drainSink()).extracting(e -> e.key(), e -> e.value().version())
                .containsExactly(
                        tuple("c1", T0),
                        tuple("c2", T0),
                        tuple("c1", T0 + 1));
    }

    @Test
    void aVersionLostWithTheChangelogsTailIsNotIssuedAgainOnceTheClockMovedOn() {
        driver.put(customer("c1", "s1", 10), 2);
        driver.put(customer("c1", "s1", 11), 3);
        // Versions T0 and T0+1 were delivered; the crash lost the changelog's tail, so the store
        // comes back holding only the first one. The fail-over took a second.
        driver.versionStore().put("c1", T0);
        clock.set(T0 + 1_000);
        driver.put(customer("c1", "s1", 11), 3);

        assertThat(versions(driver.drainSink())).containsExactly(T0, T0 + 1, T0 + 1_000);
    }

    @Test
    void aNewerGenerationsVersionBeatsOneAZombieIssuedWithItsClockAhead() {
        // The zombie, in generation 7 and with a clock an hour ahead, processes c1's update ...
        generation.set(7);
        clock.set(T0 + 3_600_000);
        driver.put(customer("c1", "s1", 10), 2);
        long zombie = versions(driver.drainSink()).get(0);
        // ... while the new owner, in generation 8 after the rebalance, on a clock behind, re-processes
        // it from a store that never saw the zombie's version.
        driver.versionStore().delete("c1");
        generation.set(8);
        clock.set(T0);
        driver.put(customer("c1", "s1", 10), 2);
        long owner = versions(driver.drainSink()).get(0);

        assertThat(zombie).isEqualTo(7 * DeliveryHeaders.GENERATION_WEIGHT + T0 + 3_600_000);
        assertThat(owner).as("the new owner's version, at a last-writer-wins receiver").isGreaterThan(zombie)
                .isEqualTo(8 * DeliveryHeaders.GENERATION_WEIGHT + T0);
    }

    @Test
    void anUnknownGenerationCountsAsZeroAndAGenerationStartingAgainKeepsVersionsRising() {
        generation.set(-1);
        driver.put(customer("c1", "s1", 10), 2);
        generation.set(5);
        driver.put(customer("c1", "s1", 11), 3);
        generation.set(0);
        driver.put(customer("c1", "s1", 12), 4);

        long fifth = 5 * DeliveryHeaders.GENERATION_WEIGHT + T0;
        assertThat(versions(driver.drainSink())).containsExactly(T0, fifth, fifth + 1);
    }

    @Test
    void aDeletionGetsAVersionAndACustomerCreatedAgainGoesOnFromIt() {
        driver.put(customer("c1", "s1", 10), 2);
        driver.deleteCustomer("c1", 3);
        driver.put(customer("c1", "s1", 20), 4);

        List<Emitted> sent = driver.drainSink();
        assertThat(sent).extracting(e -> e.value().deleted()).containsExactly(false, true, false);
        assertThat(versions(sent)).containsExactly(T0, T0 + 1, T0 + 2);
        assertThat(driver.versionStore().get("c1")).as("kept after the deletion").isEqualTo(T0 + 2);
    }

    @Test
    void everyOutputRecordCarriesItsEventIdVersionAndOriginInHeadersTombstonesIncluded() {
        driver.put(customer("c1", "s1", 10), 2);
        driver.deleteCustomer("c1", 3);
        List<Emitted> sent = driver.drainSink();

        List<TestRecord<String, CustomerInventory>> output = driver.drainOutputRecords();
        assertThat(output).hasSize(2);
        assertThat(output.get(1).value()).as("a deleted customer is a tombstone on the output topic").isNull();
        for (int i = 0; i < 2; i++) {
            TestRecord<String, CustomerInventory> record = output.get(i);
            assertThat(header(record, DeliveryHeaders.EVENT_ID)).isEqualTo(sent.get(i).value().eventId());
            assertThat(header(record, DeliveryHeaders.VERSION)).isEqualTo(Long.toString(sent.get(i).value().version()));
            assertThat(header(record, DeliveryHeaders.ORIGIN))
                    .startsWith("junction-topology-test-customer-inventory-join-subscription-response-topic/0/");
        }
    }

    private static List<Long> versions(List<Emitted> emitted) {
        return emitted.stream().map(e -> e.value().version()).toList();
    }

    private static String header(TestRecord<String, CustomerInventory> record, String name) {
        Header[] found = record.headers().toArray();
        String value = null;
        for (Header h : found) {
            if (h.key().equals(name)) {
                assertThat(value).as("one " + name + " header").isNull();
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
