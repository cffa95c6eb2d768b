package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.load.VerificationReport;

/**
 * {@code baseline}: the design junction replaces ({@link BaselineConsumer}: one consumer, one
 * synchronous POST per record) runs for a fixed time, then junction's full pipeline delivers the
 * same inputs to the same endpoint, reset; interleaved (baseline, junction, ...) against an
 * endpoint adding 20 ms per request and against a 0 ms one, where batching alone cannot explain
 * the ratio. Both sides are clocked the same way: from their start (the baseline's consumer
 * creation and rebuild, junction's process start and group join) to their end.
 */
final class BaselineScenario implements Scenario {

    static final Duration ENDPOINT_LATENCY = Duration.ofMillis(20);
    static final String RATE_DEFINITION = "records accepted by the endpoint / seconds from the start of each side"
            + " (baseline: consumer created, rebuild included, for the fixed duration; junction: process start,"
            + " start-up included, to zero committed lag)";

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        cluster.startEndpoint(ENDPOINT_LATENCY);
        long inputs = run.preload();
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        VerificationReport verdict = null;
        for (Duration latency : List.of(ENDPOINT_LATENCY, Duration.ZERO)) {
            String suffix = latency.isZero() ? "0ms" : "";
            if (latency.isZero()) {
                cluster.startEndpoint(latency);
            }
            List<Double> baselineRates = new ArrayList<>();
            List<Double> junctionRates = new ArrayList<>();
            List<Double> speedups = new ArrayList<>();
            for (int i = 1; i <= run.settings().repetitions(); i++) {
                String group = BaselineConsumer.GROUP_ID + "-" + latency.toMillis() + "ms-" + i;
                cluster.endpoint().resetAndCollect();
                BaselineConsumer baseline = new BaselineConsumer(cluster.bootstrapServers(), cluster.endpointUri(), group,
                        junction.model.Topics.CUSTOMERS, junction.model.Topics.INVENTORY);
                run.monitor().phase("baseline " + latency.toMillis() + " ms", group);
                BaselineConsumer.Result old = baseline.run(run.settings().duration());
                cluster.endpoint().resetAndCollect();
                AppRun junction = run.measureApp("app_full", "bench-junction-" + latency.toMillis() + "ms-" + i, true);
                verdict = LatencyScenario.worse(verdict, run.verify());
                baselineRates.add(old.perSecond());
                junctionRates.add((double) junction.deliveredPerSecFromStart());
                speedups.add(BenchFigures.ratio(junction.deliveredPerSecFromStart(), old.perSecond()));
            }
            Spread.of(speedups).putInto(figures, "speedupVsBaseline" + suffix, 1, warnings);
            Spread.of(baselineRates).putInto(figures, "baselinePerSec" + suffix, 1, new ArrayList<>());
            Spread.of(junctionRates).putInto(figures, "junctionPerSec" + suffix, 0, new ArrayList<>());
        }
        figures.put("endpointLatencyMs", ENDPOINT_LATENCY.toMillis());
        figures.put("baselineSeconds", BenchFigures.seconds(run.settings().duration()));
        figures.put("inputRecords", inputs);
        figures.put("repetitions", run.settings().repetitions());
        figures.put(Scenario.WARNINGS, warnings);
        figures.put("rateDefinition", RATE_DEFINITION);
        return new Outcome(figures, verdict);
    }
}
