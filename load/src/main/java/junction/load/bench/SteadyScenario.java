package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import junction.load.EndpointStats;
import junction.metrics.MeterNames;

/**
 * {@code steady}: junction's full pipeline, against an endpoint adding 20 ms per request, first
 * takes the preload (which measures its capacity: merged records delivered per second of the
 * catch-up), then, after a 30 s warm-up at the same rate, the generator sends updates at a constant rate that asks for half of that
 * capacity. Each update is stamped with its intended send time, so a generator that falls behind
 * shows as latency rather than hiding it (no coordinated omission). An inventory update re-emits every customer pointing
 * at the item (about customers / skus of them), so the update rate is half the delivered rate
 * divided by the merged records an update causes on average; updates at half the delivered rate
 * itself would ask for several times what the pipeline delivers. The endpoint's counters are reset between the two (its view stays,
 * for the verifier), so its end-to-end latency percentiles (source record timestamp to endpoint
 * receive) cover the steady phase alone.
 */
final class SteadyScenario implements Scenario {

    /**
     * 30 s, not 10: after 10 s the pipeline was still settling (the catch-up's JIT and the end of
     * its backlog). The samples of a 60 s steady phase after a 10 s warm-up showed the cumulative
     * p50 still falling from 126 ms to 52 ms through the whole phase, so its percentiles were
     * mostly the transient's.
     */
    static final Duration WARM_UP = Duration.ofSeconds(30);
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
        run.updates(rate, WARM_UP);
        run.cluster().endpoint().resetCounters();
        LatencyBuckets streamBefore = streamLatency(run, app);
        AppRun steady = run.updateAndDrain(app, "bench-steady", rate);
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
        figures.put("rateDefinition", "updates asking for half the capacity (merged records delivered per second"
                + " from the app being ready to zero committed lag over the preload), at mergedRecordsPerUpdate merged"
                + " records each; measuredDeliveredPerSec: merged records the endpoint accepted per second of the"
                + " steady phase; e2e from each update's intended send time to the endpoint's receipt");
        return new Outcome(figures, run.verify());
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
