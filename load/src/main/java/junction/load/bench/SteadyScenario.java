package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import junction.load.EndpointStats;

/**
 * {@code steady}: junction's full pipeline first takes the preload (which measures its delivered
 * rate, as in {@link ThroughputScenario}), then the generator sends updates at a constant half of
 * that rate while the app runs. The endpoint's counters are reset between the two (its view stays,
 * for the verifier), so its end-to-end latency percentiles (source record timestamp to endpoint
 * receive) cover the steady phase alone.
 */
final class SteadyScenario implements Scenario {

    @Override
    public Outcome run(BenchRun run) throws Exception {
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        String app = "app_full";
        AppRun load = run.runApp(app, "bench-steady", true);
        double rate = Math.max(1, load.inputPerSec() / 2.0);
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
        figures.put("steadySeconds", BenchFigures.seconds(run.settings().duration()));
        figures.put("updates", steady.inputRecords());
        figures.put("deliveredDuringSteady", stats.records());
        figures.put("preloadDeliveredPerSec", load.inputPerSec());
        figures.put("updatesToZeroLagSeconds", steady.seconds());
        figures.put("rateDefinition", "updates at half the preload's " + ThroughputScenario.RATE_DEFINITION);
        return new Outcome(figures, run.verify());
    }

    @Override
    public Duration defaultDuration() {
        return Duration.ofSeconds(60);
    }
}
