package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import junction.topology.AppConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The whole path on real parts: a KRaft broker, the stream app with its HTTP sink, the analytics
 * endpoint and the generator updating both sides while the app runs. The endpoint must end
 * exactly at the join of the final inputs.
 */
@Tag("integration")
@Takes(seconds = 45)
@ExtendWith(SharedKafka.class)
@Execution(ExecutionMode.CONCURRENT)
class PipelineTest {

    /**
     * Big enough that updates land while the preload is still being joined (the app catches up on
     * 8,800 records while 1,000 updates a second arrive), small enough to leave the CPU to the
     * other test JVMs: at 20,000 customers and 2,500 updates a second this one test was the
     * heaviest of the suite and proved nothing more.
     */
    private static final int CUSTOMERS = 8_000;
    private static final int SKUS = 800;
    private static final double UPDATE_RATE = 1_000;
    private static final Duration UPDATES = Duration.ofSeconds(8);

    @Test
    void endpointEndsAtTheJoinOfTheFinalInputsUnderConcurrentUpdates(EmbeddedKafka kafka) throws Exception {
        Pipeline.Options options = SharedKafka.pipelineOptions(CUSTOMERS, SKUS).withSeed(7)
                .withUpdates(UPDATE_RATE, UPDATES)
                .withApp(SharedKafka.withOwnNames(AppConfig.defaults(), "pipeline"));
        try (Pipeline pipeline = Pipeline.start(options, kafka)) {
            pipeline.produce();

            assertThat(pipeline.awaitDrained(Duration.ofMinutes(3))).as("pipeline drained").isTrue();
            DemoResult result = pipeline.result();

            assertThat(result.produceFailures()).isZero();
            // Preload plus updates on both topics, all acknowledged by the broker.
            // The generator sends updates for UPDATES at UPDATE_RATE and falls behind when the
            // machine is busy (64 % of them with four test JVMs on two cores): a quarter is enough
            // for updates to have met the catch-up.
            long updates = (long) (UPDATE_RATE * UPDATES.toSeconds());
            assertThat(result.produced()).isGreaterThan(CUSTOMERS + SKUS + updates / 4);
            VerificationReport report = result.verification();
            assertThat(report.examples()).isEmpty();
            assertThat(report.missing()).isZero();
            assertThat(report.stale()).isZero();
            assertThat(report.unexpected()).isZero();
            assertThat(report.verified()).isTrue();
            // Every customer the generator still has is at the endpoint, having been re-sent on updates.
            assertThat(report.received()).isEqualTo(report.expected()).isGreaterThan(CUSTOMERS * 9 / 10);
            assertThat(result.endpoint().records()).isGreaterThan(report.expected());
            assertThat(result.deadLetters()).isZero();
        }
    }

    /**
     * Two stream threads in one instance (the chart's {@code app.threads}): two threads hand
     * records to the one sink at once, which once left the input held for good with nothing
     * unsettled (the sink's pressure announcements raced). Every merged record emitted must reach
     * the endpoint and the endpoint must end at the join of the final inputs.
     */
    @Test
    void twoStreamThreadsDeliverEveryMergedRecord(EmbeddedKafka kafka) throws Exception {
        Pipeline.Options options = SharedKafka.pipelineOptions(3_000, 300).withSeed(11)
                .withUpdates(500, Duration.ofSeconds(5))
                .withApp(SharedKafka.withOwnNames(AppConfig.defaults(), "two-threads").withStreamThreads(2));
        try (Pipeline pipeline = Pipeline.start(options, kafka)) {
            pipeline.produce();

            assertThat(pipeline.awaitDrained(Duration.ofMinutes(2))).as("pipeline drained").isTrue();
            DemoResult result = pipeline.result();

            VerificationReport report = result.verification();
            assertThat(report.examples()).isEmpty();
            assertThat(report.verified()).isTrue();
            assertThat(report.received()).isEqualTo(report.expected());
            assertThat(report.events().emitted()).isGreaterThan(3_000);
            assertThat(report.lostEvents()).isZero();
            assertThat(result.deadLetters()).isZero();
        }
    }

    /** The demo's path: the preload caught up and measured first, then updates on a drained pipeline. */
    @Test
    void catchUpAndSteadyStateAreMeasuredApart(EmbeddedKafka kafka) throws Exception {
        Pipeline.Options options = SharedKafka.pipelineOptions(3_000, 300).withSeed(9)
                .withUpdates(300, Duration.ofSeconds(5)).withPartitions(3)
                .withApp(SharedKafka.withOwnNames(AppConfig.defaults(), "catch-up"));
        try (Pipeline pipeline = Pipeline.start(options, kafka)) {
            assertThat(pipeline.preloadAndCatchUp(Duration.ofMinutes(2))).as("preload caught up").isTrue();
            pipeline.steadyUpdates();
            assertThat(pipeline.awaitDrained(Duration.ofMinutes(2))).as("pipeline drained").isTrue();
            DemoResult result = pipeline.result();

            assertThat(result.verification().verified()).isTrue();
            DemoResult.Phases phases = result.phases();
            assertThat(phases.catchUpInputs()).isEqualTo(3_300);
            assertThat(phases.catchUpDelivered()).isGreaterThanOrEqualTo(3_000);
            assertThat(phases.catchUpSeconds()).isPositive();
            // The steady records are a part of all records: their worst is never worse than the run's.
            assertThat(phases.steadyLatencyMs().max()).isPositive()
                    .isLessThanOrEqualTo(result.endpoint().latencyMs().max());
            com.fasterxml.jackson.databind.JsonNode json = junction.model.JsonSerde.MAPPER.readTree(result.toJson());
            assertThat(json.has("e2eP99Ms")).isTrue();
            assertThat(json.get("steadyE2eP99Ms").asLong()).isEqualTo(phases.steadyLatencyMs().p99());
            assertThat(json.get("steadyE2eP50Ms").asLong()).isEqualTo(phases.steadyLatencyMs().p50());
            assertThat(json.get("catchUpInputPerSec").asLong()).isPositive();
        }
    }
}
