package junction.load.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import junction.cli.CommandLines;
import junction.ingest.Generator;
import junction.ingest.IngestJob;
import junction.ingest.InputProducer;
import junction.load.EmbeddedKafka;
import junction.load.SharedKafka;
import junction.model.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(SharedKafka.class)
class LoadCommandTest {

    /** This class's input topics on the JVM's shared broker. */
    private static final String PREFIX = SharedKafka.uniqueName("load");
    private static final String CUSTOMERS = PREFIX + "-" + Topics.CUSTOMERS.name();
    private static final String INVENTORY = PREFIX + "-" + Topics.INVENTORY.name();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void createTopics(EmbeddedKafka shared) {
        kafka = shared;
        kafka.createTopics(3, CUSTOMERS, INVENTORY);
    }

    private static long inputRecords() {
        return TestTopics.count(kafka.bootstrapServers(), CUSTOMERS, INVENTORY);
    }

    @Test
    void eachStepSendsRoughlyItsRateTimesItsDuration() {
        LoadPlan plan = LoadPlan.parseSteps("slow:100:1s,fast:400:1s");
        long before = inputRecords();
        List<LoadDriver.StepResult> results;
        try (InputProducer producer = InputProducer.connect(kafka.bootstrapServers(), CUSTOMERS, INVENTORY)) {
            LoadDriver driver = new LoadDriver(new IngestJob(new Generator(7, 200, 20), producer), producer);
            results = driver.run(plan, r -> { });
        }

        assertThat(results).extracting(r -> r.step().name()).containsExactly("slow", "fast");
        for (LoadDriver.StepResult result : results) {
            long expected = result.step().expectedCount();
            // Pacing never runs ahead of the rate; a loaded machine may fall a little behind.
            assertThat(result.sent()).as(result.line()).isBetween((long) (expected * 0.8), expected + 1);
            assertThat(result.failed()).isZero();
        }
        assertThat(results.get(1).achievedRate()).isGreaterThan(results.get(0).achievedRate() * 2);
        long sent = results.stream().mapToLong(LoadDriver.StepResult::sent).sum();
        assertThat(inputRecords() - before).isEqualTo(sent);
    }

    @Test
    void loadPreloadsThenRunsThePlanAndExitsZeroWhenNothingFailed() {
        long before = inputRecords();

        int exit = CommandLines.execute(new LoadCommand(), new String[] {"--bootstrap-servers", kafka.bootstrapServers(),
            "--plan", "steps", "--steps", "only:200:1s", "--customers", "30", "--skus", "5", "--seed", "3",
            "--customers-topic", CUSTOMERS, "--inventory-topic", INVENTORY});

        assertThat(exit).isZero();
        // 35 preloaded records, then about 200 updates.
        assertThat(inputRecords() - before).isBetween(35L + 160, 35L + 201);
    }
}
