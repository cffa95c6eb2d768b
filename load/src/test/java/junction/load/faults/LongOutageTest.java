package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import junction.load.AnalyticsEndpoint;
import junction.load.CommitWatcher;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.SharedKafka;
import junction.load.Takes;
import junction.sink.SinkConfig;
import junction.topology.AppConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outage longer than {@code max.poll.interval.ms}: the endpoint refuses connections for 32 s
 * while the app's consumers must poll at least every 15 s (lowered through the app's
 * {@code --kafka} passthrough, so a minute stands for the real 5-minute default). The stream
 * thread must keep polling while the sink waits: seen from outside, the group stays Stable with
 * the same members throughout; afterwards everything is delivered and nothing dead-lettered.
 */
@Tag("integration")
@Takes(seconds = 42)
@ExtendWith(SharedKafka.class)
class LongOutageTest {

    private static final Logger log = LoggerFactory.getLogger(LongOutageTest.class);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(15);
    /** More than twice the poll interval: a thread that stopped polling would be evicted within it. */
    private static final Duration OUTAGE = Duration.ofSeconds(32);
    private static final double UPDATE_RATE = 100;
    private static final Duration UPDATES = Duration.ofSeconds(25);

    @Test
    void anOutageLongerThanTheMaxPollIntervalEvictsNobodyAndLosesNothing(EmbeddedKafka kafka) throws Exception {
        AppConfig app = AppConfig.defaults().withSink(true, SinkConfig.defaults())
                .withKafka(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(MAX_POLL_INTERVAL.toMillis())));
        try (FaultTestRun run = FaultTestRun.start(kafka, "outage-long", EndpointFaults.NONE, app, UPDATE_RATE, UPDATES)) {
            AnalyticsEndpoint endpoint = run.pipeline().endpoint();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(run.pipeline()::produce);
            await("deliveries flowing").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> endpoint.stats().records() > 0);
            CommitWatcher commits = run.watchCommits();
            await("the group seen Stable").atMost(Duration.ofSeconds(10)).pollInterval(FaultTestRun.POLL)
                    .until(() -> commits.report().statesSeen().contains("Stable"));

            endpoint.faults(EndpointFaults.builder().downFor(OUTAGE).build());
            await("the endpoint down").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(endpoint::isDown);
            await("the endpoint back").atMost(OUTAGE.plusSeconds(15)).pollInterval(FaultTestRun.POLL)
                    .until(() -> !endpoint.isDown());
            producing.get();
            DemoResult result = run.drainAndVerify();
            CommitWatcher.Report group = commits.report();
            log.info(String.format(Locale.ROOT, "fault-figures outage-long down %d s with max.poll.interval.ms %d:"
                            + " group states %s, members changed %s, longest commit gap %.1f s", OUTAGE.toSeconds(),
                    MAX_POLL_INTERVAL.toMillis(), group.statesSeen(), group.membersChanged(), group.longestGapSeconds()));

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters").isZero();
            assertThat(group.polls() - group.failedPolls()).as("readings of the group").isGreaterThan(OUTAGE.toSeconds());
            assertThat(group.statesSeen()).as("group states seen").containsOnly("Stable");
            assertThat(group.membersChanged()).as("a member left and joined again").isFalse();
        }
    }
}
