package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import junction.load.CommitWatcher;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.EndpointStats;
import junction.load.Pipeline;
import junction.load.SharedKafka;
import junction.load.VerificationReport;
import junction.sink.SinkConfig;
import junction.topology.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault-injection run on real parts: a small {@link Pipeline} (analytics endpoint with faults,
 * stream app with its sink, generator) on the test JVM's shared KRaft broker ({@link SharedKafka}),
 * with topics and an application id of its own, drained with Awaitility and judged by the
 * verifier, the final view and every emitted event. The endpoint is forgetful (last-writer-wins on
 * version, no event-id memory), as a real receiver is. Each run logs one line of figures (missing,
 * stale, duplicates, lost and superseded events, dead letters, the longest commit gap when
 * watched, wall time), so reports quote what was measured.
 */
final class FaultTestRun implements AutoCloseable {

    static final long SEED = 42;
    /**
     * Enough records for every fault to meet some in flight; four integration test classes share
     * two cores, so what a run does not need comes out of the others' time (twice this was no
     * stricter a check, at twice the CPU).
     */
    static final int CUSTOMERS = 2_000;
    static final int SKUS = CUSTOMERS / 10;
    /** Few partitions, few tasks: the runs are small and the machine has two cores. */
    static final int PARTITIONS = 3;
    static final double UPDATE_RATE = 500;
    static final Duration UPDATES = Duration.ofSeconds(5);
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    /** A commit interval is 1 s; polling the committed lag faster than this only costs admin calls. */
    static final Duration POLL = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(FaultTestRun.class);

    private final String name;
    private final long startedNanos;
    private final Pipeline pipeline;
    private CommitWatcher commits;

    private FaultTestRun(String name, long startedNanos, Pipeline pipeline) {
        this.name = name;
        this.startedNanos = startedNanos;
        this.pipeline = pipeline;
    }

    /** A run of the usual size whose endpoint injects {@code faults} into a sink configured as {@code sink}. */
    static FaultTestRun start(EmbeddedKafka kafka, String name, EndpointFaults faults, SinkConfig sink)
            throws IOException, InterruptedException {
        return start(kafka, name, faults, sink, UPDATE_RATE, UPDATES);
    }

    static FaultTestRun start(EmbeddedKafka kafka, String name, EndpointFaults faults, SinkConfig sink, double updateRate,
            Duration updates) throws IOException, InterruptedException {
        return start(kafka, name, faults, AppConfig.defaults().withSink(true, sink), updateRate, updates);
    }

    /** A run of an app configured as {@code app} but for its topics and application id, which are the run's own. */
    static FaultTestRun start(EmbeddedKafka kafka, String name, EndpointFaults faults, AppConfig app, double updateRate,
            Duration updates) throws IOException, InterruptedException {
        return start(kafka, name, faults, app, updateRate, updates, CUSTOMERS);
    }

    /** A run with {@code customers} customers (and a tenth as many skus) instead of the usual number. */
    static FaultTestRun start(EmbeddedKafka kafka, String name, EndpointFaults faults, AppConfig app, double updateRate,
            Duration updates, int customers) throws IOException, InterruptedException {
        long started = System.nanoTime();
        AppConfig own = SharedKafka.withOwnNames(app, "faults-" + name);
        Pipeline.Options options = SharedKafka.pipelineOptions(customers, customers / 10).withSeed(SEED)
                .withUpdates(updateRate, updates).withPartitions(PARTITIONS).withApp(own)
                .withFaults(faults.withForgetful(true));
        return new FaultTestRun(name, started, Pipeline.start(options, kafka));
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** The name of the run's dead-letter topic. */
    String deadLetterTopic() {
        return pipeline.app().config().deadLetterTopic();
    }

    /** Starts watching the app's committed offsets and group from outside (once; later calls return the same watcher). */
    CommitWatcher watchCommits() {
        if (commits == null) {
            AppConfig app = pipeline.app().config();
            commits = CommitWatcher.start(pipeline.bootstrapServers(), app.applicationId(),
                    Set.of(app.customersTopic(), app.inventoryTopic()), CommitWatcher.DEFAULT_INTERVAL);
        }
        return commits;
    }

    /** Preload and updates, then {@link #drainAndVerify()}. */
    DemoResult produceAndVerify() {
        pipeline.produce();
        return drainAndVerify();
    }

    /**
     * Waits until the app has committed everything produced (offsets move only once the sink
     * settled the records), then verifies the endpoint and logs the figures.
     */
    DemoResult drainAndVerify() {
        await(name + ": pipeline drained").atMost(DRAIN_TIMEOUT).pollInterval(POLL)
                .until(() -> pipeline.app().committedLag() == 0);
        DemoResult result = pipeline.result();
        log(result);
        return result;
    }

    private void log(DemoResult result) {
        VerificationReport report = result.verification();
        EndpointStats.Faults faults = result.endpoint().faults();
        String commitFigures = "";
        if (commits != null) {
            CommitWatcher.Report seen = commits.report();
            commitFigures = String.format(Locale.ROOT, " longest-commit-gap=%.1fs group-stable=%s members-kept=%s",
                    seen.longestGapSeconds(), !seen.leftStable(), !seen.membersChanged());
        }
        log.info(String.format(Locale.ROOT,
                "fault-figures %-9s missing=%d stale=%d unexpected=%d duplicates=%d lostEvents=%d supersededEvents=%d"
                        + " dead-lettered=%d verified=%s%s"
                        + " wall=%.1fs | delivered=%d requests=%d errors=%d throttled=%d resets=%d slow=%d"
                        + " rejected=%d throttle-retries=%d early-retries=%d",
                name, report.missing(), report.stale(), report.unexpected(), report.duplicates(),
                report.lostEvents(), report.supersededEvents(), result.deadLetters(), report.verified(), commitFigures,
                (System.nanoTime() - startedNanos) / 1e9,
                result.endpoint().records(), result.endpoint().requests(), faults.errors(), faults.throttled(),
                faults.resets(), faults.slow(), faults.rejected(), faults.throttleRetries(), faults.earlyRetries()));
        report.examples().forEach(example -> log.info("fault-figures {}   {}", name, example));
    }

    /** What every fault run must end with: all produced, nothing missing, stale or unexpected. */
    static void assertVerified(DemoResult result) {
        VerificationReport report = result.verification();
        assertThat(result.produceFailures()).as("input records the broker refused").isZero();
        assertThat(report.examples()).as("problems the verifier found").isEmpty();
        assertThat(report.missing()).as("missing").isZero();
        assertThat(report.stale()).as("stale").isZero();
        assertThat(report.unexpected()).as("unexpected").isZero();
        assertThat(report.events()).as("every emitted event accounted for").isNotNull();
        assertThat(report.lostEvents()).as("lostEvents").isZero();
        assertThat(report.verified()).as("verified").isTrue();
        assertThat(report.expected()).as("live customers expected").isGreaterThan(CUSTOMERS / 2);
    }

    @Override
    public void close() {
        if (commits != null) {
            commits.close();
        }
        pipeline.close();
    }
}
