package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code throughput}: the same preloaded inputs joined twice by fresh application ids, first
 * bare (output topic only), then through the HTTP sink to a 0 ms endpoint. Both rates are input
 * records over the time from the app being ready to its committed lag reaching zero, so their
 * ratio, {@code sinkEfficiency}, is what the sink and its metrics cost the join.
 */
final class ThroughputScenario implements Scenario {

    static final String RATE_DEFINITION = "input records / seconds from the app being ready to zero committed lag";

    @Override
    public Outcome run(BenchRun run) throws Exception {
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        AppRun bare = run.measureApp("app_bare", "bench-bare", false);
        AppRun full = run.measureApp("app_full", "bench-full", true);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("bareJoinPerSec", bare.inputPerSec());
        figures.put("deliveredPerSec", full.inputPerSec());
        figures.put("sinkEfficiency", BenchFigures.ratio(full.inputPerSec(), bare.inputPerSec()));
        figures.put("inputRecords", inputs);
        figures.put("bareJoinSeconds", bare.seconds());
        figures.put("fullPipelineSeconds", full.seconds());
        figures.put("joinedRecords", bare.joined());
        figures.put("deliveredRecords", full.delivered());
        figures.put("appPeakRssMiB", Math.round(run.monitor().peakRssMib(full.name())));
        figures.put("rateDefinition", RATE_DEFINITION);
        return new Outcome(figures, run.verify());
    }
}
