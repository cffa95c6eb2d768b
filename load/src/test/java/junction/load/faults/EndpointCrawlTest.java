package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Locale;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint that processes only 50 records a second, every answer a 200, while updates ask for
 * more: committed offsets must keep advancing, watched from outside with the Admin client, however
 * far the lag grows, so the replay window after a crash stays bounded and the stall is never
 * silent. Then the endpoint is fast again and everything is verified.
 *
 * <p>The bound on the gap is one response timeout (10 s: a request may take that long before the
 * sink knows it was too big) plus a commit interval and the watcher's poll. Measured here: 7.3 s.
 * What keeps the gap that short is {@code BatchSizeLimit} capping a batch after a sudden slowdown:
 * without the cap, the pile behind the first small batches went out whole and the gap was 17.8 and
 * 18.9 s. The time bound on what the sink holds ({@code maxUnsettledTime}) is not what this test
 * checks: with it disabled the gap was 0.7 s (the lanes deliver oldest first, so each partition's
 * oldest record keeps settling); it bounds how much a crash replays, not how often commits move.
 * The crawl is four of these bounds long, so it keeps its 40 s where other fault tests were cut.
 */
@Tag("integration")
@Takes(seconds = 60)
@ExtendWith(SharedKafka.class)
class EndpointCrawlTest {

    private static final Logger log = LoggerFactory.getLogger(EndpointCrawlTest.class);
    private static final int CRAWL_RATE = 50;
    private static final Duration CRAWL = Duration.ofSeconds(40);
    private static final double LONGEST_COMMIT_GAP_SECONDS = 15;
    /** Updates cover the crawl: the preload is delivered at full speed first, then the crawl begins. */
    private static final double UPDATE_RATE = 100;
    private static final Duration UPDATES = Duration.ofSeconds(55);
    /**
     * Twice the other fault runs' customers: the batch cap is checked by the pile that builds up
     * behind the first small batches, and with less behind them an uncapped sink could pass.
     */
    private static final int CUSTOMERS = 2 * FaultTestRun.CUSTOMERS;

    @Test
    void commitsKeepAdvancingWhileTheEndpointCrawls(EmbeddedKafka kafka) throws Exception {
        try (FaultTestRun run = FaultTestRun.start(kafka, "crawl", EndpointFaults.NONE,
                AppConfig.defaults().withSink(true, SinkConfig.defaults()), UPDATE_RATE, UPDATES, CUSTOMERS)) {
            AnalyticsEndpoint endpoint = run.pipeline().endpoint();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(run.pipeline()::produce);
            await("the preload delivered").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> endpoint.stats().records() >= CUSTOMERS);

            CommitWatcher commits = run.watchCommits();
            endpoint.faults(EndpointFaults.builder().crawlRate(CRAWL_RATE).build());
            long crawlStart = System.nanoTime();
            long deliveredAtStart = endpoint.stats().records();
            await("the crawl's length").atMost(CRAWL.plusSeconds(5)).pollInterval(FaultTestRun.POLL)
                    .until(() -> System.nanoTime() - crawlStart >= CRAWL.toNanos());
            long deliveredInCrawl = endpoint.stats().records() - deliveredAtStart;
            CommitWatcher.Report duringCrawl = commits.report();
            endpoint.clearFaults();
            double crawlSeconds = (System.nanoTime() - crawlStart) / 1e9;
            log.info(String.format(Locale.ROOT, "fault-figures crawl     %.0f s at %d records/s: %d records accepted,"
                            + " longest commit gap %.1f s, peak committed lag %d", crawlSeconds, CRAWL_RATE,
                    deliveredInCrawl, duringCrawl.longestGapSeconds(), duringCrawl.peakLag()));

            assertThat(deliveredInCrawl).as("records accepted during the crawl").isPositive();
            assertThat(duringCrawl.peakLag()).as("committed lag built up: the crawl was slower than the updates")
                    .isPositive();
            assertThat(duringCrawl.longestGapSeconds()).as("longest time committed offsets stood still (s)")
                    .isLessThanOrEqualTo(LONGEST_COMMIT_GAP_SECONDS);
            producing.get();
            DemoResult result = run.drainAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters: slow is no reason to give up").isZero();
            assertThat(commits.report().longestGapSeconds()).as("longest commit gap of the whole run (s)")
                    .isLessThanOrEqualTo(LONGEST_COMMIT_GAP_SECONDS);
        }
    }
}
