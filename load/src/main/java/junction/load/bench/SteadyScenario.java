package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import junction.load.EndpointStats;

/**
 * {@code steady}: junction's full pipeline first takes the preload (which measures its delivered
 * rate, as in {@link ThroughputScenario}), then the generator sends updates at a constant rate
 * that asks for half of that delivered rate. An inventory update re-emits every customer pointing
 * at the item (about customers / skus of them), so the update rate is half the delivered rate
 * divided by the merged records an update causes on average; updates at half the delivered rate
 * itself would ask for several times what the pipeline delivers. The endpoint's counters are reset between the two (its view stays,
 * for the verifier), so its end-to-end latency percentiles (source record timestamp to endpoint
 * receive) cover the steady phase alone.
 */
final class SteadyScenario implements Scenario {

    static final Duration WARM_UP = Duration.ofSeconds(10);

    @Override
    public Outcome run(BenchRun run) throws Exception {
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        String app = "app_full";
        AppRun load = run.runApp(app, "bench-steady", true);
        double mergedPerUpdate = run.mergedRecordsPerUpdate();
        double rate = Math.max(1, load.inputPerSec() / 2.0 / mergedPerUpdate);
        // The first seconds of updates are a transient (the last of the preload, JIT, caches): the
        // endpoint's counters are reset after them, so the percentiles describe the steady state.
        run.monitor().phase(app + " (warm-up)", "bench-steady");
        run.updates(rate, WARM_UP);
        run.cluster().endpoint().resetCounters();
        AppRun steady = run.updateAndDrain(app, "bench-steady", rate);
        run.stopApp(app);
        EndpointStats stats = run.cluster().endpoint().stats();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("e2eP50Ms", stats.latencyMs().p50());
        figures.put("e2eP95Ms", stats.latencyMs().p95());
        figures.put("e2eP99Ms", stats.latencyMs().p99());
        figures.put("e2eMaxMs", stats.latencyMs().max());
        figures.put("updateRatePerSec", Math.round(rate));
        figures.put("mergedRecordsPerUpdate", Math.round(mergedPerUpdate * 100) / 100.0);
        figures.put("askedDeliveredPerSec", Math.round(rate * mergedPerUpdate));
        figures.put("steadySeconds", BenchFigures.seconds(run.settings().duration()));
        figures.put("warmUpSeconds", BenchFigures.seconds(WARM_UP));
        figures.put("updates", steady.inputRecords());
        figures.put("deliveredDuringSteady", stats.records());
        figures.put("preloadDeliveredPerSec", load.inputPerSec());
        figures.put("updatesToZeroLagSeconds", steady.seconds());
        figures.put("rateDefinition", "updates asking for half the preload's delivered rate ("
                + ThroughputScenario.RATE_DEFINITION + "), at mergedRecordsPerUpdate merged records each");
        return new Outcome(figures, run.verify());
    }

    @Override
    public Duration defaultDuration() {
        return Duration.ofSeconds(60);
    }
}
