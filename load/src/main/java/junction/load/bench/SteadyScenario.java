package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.load.EndpointStats;
import junction.metrics.MeterNames;

/**
 * {@code steady}: junction's full pipeline, against an endpoint adding 20 ms per request, first
 * takes the preload (which measures its capacity: merged records delivered per second of the
 * catch-up), then, after a {@link #WARM_UP} at the same rate, the generator sends updates at a
 * constant rate that asks for half of that capacity. Each update is stamped with its intended send
 * time, so a generator that falls behind shows as latency rather than hiding it (no coordinated
 * omission). An inventory update re-emits every customer pointing at the item (about customers /
 * skus of them), so the update rate is half the delivered rate divided by the merged records an
 * update causes on average; updates at half the delivered rate itself would ask for several times
 * what the pipeline delivers. The endpoint's counters are reset between the two (its view stays,
 * for the verifier), so its end-to-end latency percentiles (source record timestamp to endpoint
 * receive) cover the steady phase alone; the same percentiles by {@link #WINDOW} show whether
 * they held still through it.
 */
final class SteadyScenario implements Scenario {

    /**
     * 90 s. After the preload the app keeps working off its aftermath for about a minute and a half
     * (its CPU at the same update rate fell from about one core to half a core 100 s after the
     * preload, 2026-12-07), and latencies measured in that stretch are the transient's: with 30 s,
     * the cumulative p50 of a 60 s phase still fell from 70 ms to 23 ms through the whole phase; with
     * 90 s it stayed at 19-20 ms from the phase's first seconds to its end. (10 s, earlier: 126 ms
     * falling to 52.) {@link LatencyWindows} shows it in every report.
     */
    static final Duration WARM_UP = Duration.ofSeconds(90);
    /**
     * The last part of the warm-up, after the endpoint's collection. With the collection just
     * before the phase, the first 15 s window had the phase's highest p99 in 4 of 7 runs
     * (e.g. [92, 48, 39, 48] and [95, 64, 62, 47] ms, 2026-12-07).
     */
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** The steady phase's percentiles by window (60 s: four), to show they hold still through it. */
    static final Duration WINDOW = Duration.ofSeconds(15);
    /** Window p99s spread wider than this share of their median: the phase was not steady. */
    static final double UNSTEADY_SPREAD = 0.5;
    static final Duration ENDPOINT_LATENCY = Duration.ofMillis(20);

    @Override
    public Outcome run(BenchRun run) throws Exception {
        run.cluster().startEndpoint(ENDPOINT_LATENCY);
        long inputs = run.preload();
        String app = "app_full";
        AppRun load = run.runApp(app, "bench-steady", true);
        double mergedPerUpdate = run.mergedRecordsPerUpdate();
        double rate = Math.max(1, load.deliveredPerSec() / 2.0 / mergedPerUpdate);
        // The first seconds of updates are a transient (the last of the preload, JIT, caches): the
        // endpoint's counters are reset after them, so the percentiles describe the steady state.
        run.monitor().phase(app + " (warm-up)", "bench-steady");
        run.updates(rate, WARM_UP.minus(SETTLE));
        // The endpoint's collector works off the warm-up's garbage now, not in the measured phase
        // (a ZGC cycle there took most of a core for seconds, and the first window's p99 doubled).
        // The updates pause while it runs (about 2 s); the phase starts SETTLE later, so neither
        // that pause nor what follows it is measured.
        run.cluster().endpoint().collectGarbage();
        run.updates(rate, SETTLE);
        run.cluster().endpoint().resetCounters();
        LatencyBuckets streamBefore = streamLatency(run, app);
        AppRun steady;
        List<EndpointStats.Latency> windows;
        try (LatencyWindows reader = LatencyWindows.start(run.cluster().endpoint(), WINDOW)) {
            steady = run.updateAndDrain(app, "bench-steady", rate);
            windows = reader.windows();
        }
        LatencyBuckets stream = streamLatency(run, app).since(streamBefore);
        run.stopApp(app);
        EndpointStats stats = run.cluster().endpoint().stats();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("e2eP50Ms", stats.latencyMs().p50());
        figures.put("e2eP95Ms", stats.latencyMs().p95());
        figures.put("e2eP99Ms", stats.latencyMs().p99());
        figures.put("e2eMaxMs", stats.latencyMs().max());
        // The stream's share: source timestamp to the hand-off to the sink (the join's hops); the
        // rest of e2e is the sink's (a lane's wait for its request slot, the request).
        figures.put("streamP50Ms", stream.quantileMs(0.50));
        figures.put("streamP99Ms", stream.quantileMs(0.99));
        List<Long> windowP99s = windows.stream().map(EndpointStats.Latency::p99).toList();
        figures.put("e2eP50MsByWindow", windows.stream().map(EndpointStats.Latency::p50).toList());
        figures.put("e2eP99MsByWindow", windowP99s);
        figures.put("windowSeconds", BenchFigures.seconds(WINDOW));
        List<String> warnings = new ArrayList<>();
        String unsteady = unsteady(windowP99s);
        if (unsteady != null) {
            warnings.add(unsteady);
        }
        figures.put("updateRatePerSec", Math.round(rate));
        figures.put("mergedRecordsPerUpdate", Math.round(mergedPerUpdate * 100) / 100.0);
        figures.put("askedDeliveredPerSec", Math.round(rate * mergedPerUpdate));
        figures.put("measuredDeliveredPerSec", Math.round(stats.recordsPerSec()));
        figures.put("endpointLatencyMs", ENDPOINT_LATENCY.toMillis());
        figures.put("steadySeconds", BenchFigures.seconds(run.settings().duration()));
        figures.put("warmUpSeconds", BenchFigures.seconds(WARM_UP));
        figures.put("updates", steady.inputRecords());
        figures.put("deliveredDuringSteady", stats.records());
        figures.put("capacityDeliveredPerSec", load.deliveredPerSec());
        figures.put("preloadInputPerSec", load.inputPerSec());
        figures.put("preloadFirstMergedSeconds", load.firstOutputSeconds());
        figures.put("updatesToZeroLagSeconds", steady.seconds());
        figures.put(Scenario.WARNINGS, warnings);
        figures.put("rateDefinition", "updates asking for half the capacity (merged records delivered per second"
                + " from the app processing (its first stream thread RUNNING; with one thread: ready) to zero"
                + " committed lag over the preload), at mergedRecordsPerUpdate merged"
                + " records each; measuredDeliveredPerSec: merged records the endpoint accepted per second of the"
                + " steady phase; e2e from each update's intended send time to the endpoint's receipt");
        return new Outcome(figures, run.verify());
    }

    /**
     * Why the windows say the phase was not steady (their p99s spread wider than
     * {@link #UNSTEADY_SPREAD} of their median), or null when they held still.
     */
    static String unsteady(List<Long> windowP99s) {
        if (windowP99s.size() < 2) {
            return "e2e p99 by window: " + windowP99s.size() + " window(s), too few to tell whether the phase was steady";
        }
        return Spread.of(windowP99s).relativeRange() > UNSTEADY_SPREAD
                ? "e2e p99 by window " + windowP99s + " ms: a range over half the median, the phase was not steady"
                : null;
    }

    @Override
    public Duration defaultDuration() {
        return Duration.ofSeconds(60);
    }

    /** The app's stream-latency histogram now (bucket bounds: the quantiles are "at most"). */
    private static LatencyBuckets streamLatency(BenchRun run, String app) {
        BenchCluster.Scrape scrape = run.cluster().scrapeMetrics(app);
        return LatencyBuckets.parse(scrape == null ? "" : scrape.body(),
                MeterNames.STREAM_LATENCY.replace('.', '_') + "_seconds");
    }
}
