package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import junction.load.DemoResult;
import junction.load.EndpointFaults;
import junction.load.EndpointStats;
import junction.load.Pipeline;
import junction.load.VerificationReport;
import junction.metrics.OpsServer;
import junction.sink.SinkConfig;
import junction.topology.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault-injection run on real parts: a small {@link Pipeline} (KRaft broker, analytics
 * endpoint with faults, stream app with its sink, generator), drained with Awaitility and judged
 * by the verifier, the final view and every emitted event. The endpoint is forgetful
 * (last-writer-wins on version, no event-id memory), as a real receiver is. Each run logs one line
 * of figures (missing, stale, duplicates, lost and superseded events, dead letters, wall time), so
 * reports quote what was measured.
 */
final class FaultRun implements AutoCloseable {

    static final long SEED = 42;
    static final int CUSTOMERS = 4_000;
    static final int SKUS = 400;
    /** Few partitions, few tasks: the runs are small and the machine has two cores. */
    static final int PARTITIONS = 3;
    static final double UPDATE_RATE = 500;
    static final Duration UPDATES = Duration.ofSeconds(5);
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    /** A commit interval is 1 s; polling the committed lag faster than this only costs admin calls. */
    static final Duration POLL = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

    private final String name;
    private final long startedNanos;
    private final Pipeline pipeline;

    private FaultRun(String name, long startedNanos, Pipeline pipeline) {
        this.name = name;
        this.startedNanos = startedNanos;
        this.pipeline = pipeline;
    }

    /** A run of the usual size whose endpoint injects {@code faults} into a sink configured as {@code sink}. */
    static FaultRun start(String name, EndpointFaults faults, SinkConfig sink) throws IOException, InterruptedException {
        return start(name, faults, sink, UPDATE_RATE, UPDATES);
    }

    static FaultRun start(String name, EndpointFaults faults, SinkConfig sink, double updateRate, Duration updates)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Pipeline.Options options = new Pipeline.Options(SEED, CUSTOMERS, SKUS, updateRate, updates, PARTITIONS, 0,
                AppConfig.defaults().withSink(true, sink), new OpsServer.Config("localhost", 0),
                Duration.ofSeconds(10), faults.withForgetful(true));
        return new FaultRun(name, started, Pipeline.start(options));
    }

    Pipeline pipeline() {
        return pipeline;
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
        log.info(String.format(Locale.ROOT,
                "fault-figures %-9s missing=%d stale=%d unexpected=%d duplicates=%d lostEvents=%d supersededEvents=%d"
                        + " dead-lettered=%d verified=%s"
                        + " wall=%.1fs | delivered=%d requests=%d errors=%d throttled=%d resets=%d slow=%d"
                        + " rejected=%d throttle-retries=%d early-retries=%d",
                name, report.missing(), report.stale(), report.unexpected(), report.duplicates(),
                report.lostEvents(), report.supersededEvents(), result.deadLetters(), report.verified(), (System.nanoTime() - startedNanos) / 1e9,
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
        pipeline.close();
    }
}
