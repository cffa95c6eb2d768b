package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scale}: a million customers and a hundred thousand skus through junction's full
 * pipeline with the app's heap at 512 MiB; its rate (as in {@link ThroughputScenario}) and the
 * app's peak resident memory, and it must verify.
 */
final class ScaleScenario implements Scenario {

    @Override
    public Outcome run(BenchRun run) throws Exception {
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        AppRun full = run.measureApp("app_full", "bench-scale", true);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("deliveredPerSec", full.inputPerSec());
        figures.put("appPeakRssMiB", Math.round(run.monitor().peakRssMib(full.name())));
        figures.put("appHeap", run.settings().appHeap());
        figures.put("inputRecords", inputs);
        figures.put("deliveredRecords", full.delivered());
        figures.put("seconds", full.seconds());
        figures.put("rateDefinition", ThroughputScenario.RATE_DEFINITION);
        return new Outcome(figures, run.verify());
    }

    @Override
    public int defaultCustomers() {
        return 1_000_000;
    }

    @Override
    public int defaultSkus() {
        return 100_000;
    }

    @Override
    public String defaultAppHeap() {
        return "512m";
    }
}
