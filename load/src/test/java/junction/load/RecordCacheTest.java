package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import junction.topology.AppConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code --record-cache-bytes} on real parts: many changes of each key a second through the app
 * with the input tables' record cache, and a commit interval longer than the updates. The changes
 * of one key within a commit merge before the join, so few merged records are emitted and
 * delivered, and the endpoint still ends at the join of the final inputs.
 */
@Tag("integration")
@Takes(seconds = 25)
@ExtendWith(SharedKafka.class)
@Execution(ExecutionMode.CONCURRENT)
class RecordCacheTest {

    /** Few keys and many updates: each customer and item changes several times a second. */
    private static final int CUSTOMERS = 300;
    private static final int SKUS = 30;
    private static final double UPDATE_RATE = 1_500;
    private static final Duration UPDATES = Duration.ofSeconds(4);
    /** Longer than the updates: their changes leave the tables in at most two commits. */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(5);
    /**
     * Merged records delivered per update, at most. With the cache, each of at most two commits
     * passes on one change per customer and one per item, each re-emitting its ~10 customers: at
     * most 2 x 2 x 300 merged records for the 6,000 updates, 0.2 per update (measured: 0.05, one
     * merged record per customer, and 0.12-0.13 with a 2 s commit interval).
     * Without the cache (the same test with {@code --record-cache-bytes 0}, 2026-12-07) every change
     * is joined, less the stale answers the foreign-key join drops while a customer keeps changing:
     * 0.47-2.84 per update over five runs.
     */
    private static final double MOST_PER_UPDATE = 0.25;

    @Test
    void theCacheMergesEachKeysChangesWithinACommitAndTheEndpointStillEndsAtTheJoin(EmbeddedKafka kafka) throws Exception {
        AppConfig app = SharedKafka.withOwnNames(AppConfig.defaults(), "record-cache")
                .withKafka(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL.toMillis())))
                .withRecordCacheBytes(8 * 1024 * 1024);
        Pipeline.Options options = SharedKafka.pipelineOptions(CUSTOMERS, SKUS).withSeed(11)
                .withUpdates(UPDATE_RATE, UPDATES).withApp(app);
        DemoResult result;
        try (Pipeline pipeline = Pipeline.start(options, kafka)) {
            // Caught up first, so that every customer's subscription is in place before the updates.
            assertThat(pipeline.preloadAndCatchUp(Duration.ofMinutes(2))).as("preload caught up").isTrue();
            pipeline.steadyUpdates();
            assertThat(pipeline.awaitDrained(Duration.ofMinutes(2))).as("pipeline drained").isTrue();
            result = pipeline.result();
        }

        assertThat(result.verification().examples()).isEmpty();
        assertThat(result.verification().verified()).isTrue();
        assertThat(result.deadLetters()).isZero();
        DemoResult.Phases phases = result.phases();
        long updates = result.produced() - phases.catchUpInputs();
        long delivered = result.endpoint().records() - phases.catchUpDelivered();
        assertThat((double) delivered / updates).as(delivered + " merged records delivered for " + updates + " updates")
                .isLessThan(MOST_PER_UPDATE);
    }
}
