package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.load.VerificationReport;

/**
 * {@code latency}: junction's full pipeline over the same inputs, to a 0 ms endpoint and to one
 * adding 20 ms per request, interleaved (0 ms, 20 ms, 0 ms, 20 ms, ...); {@code latencyRatio}, the
 * median of the pairs' ratios of the two catch-up rates, shows how much of the endpoint's latency
 * the sink's concurrency hides. Rates as in {@link ThroughputScenario}; every pass must verify
 * (each has an endpoint of its own).
 */
final class LatencyScenario implements Scenario {

    static final Duration ENDPOINT_LATENCY = Duration.ofMillis(20);

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        cluster.startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        List<AppRun> fast = new ArrayList<>();
        List<AppRun> slow = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        VerificationReport verdict = null;
        for (int i = 1; i <= run.settings().repetitions(); i++) {
            if (i > 1) {
                cluster.startEndpoint(Duration.ZERO);
            }
            AppRun f = run.measureApp("app_0ms", "bench-0ms-" + i, true);
            verdict = worse(verdict, run.verify());
            cluster.startEndpoint(ENDPOINT_LATENCY);
            AppRun s = run.measureApp("app_20ms", "bench-20ms-" + i, true);
            verdict = worse(verdict, run.verify());
            fast.add(f);
            slow.add(s);
            ratios.add(BenchFigures.ratio(s.inputPerSec(), f.inputPerSec()));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Spread.of(ratios).putInto(figures, "latencyRatio", 3, warnings);
        PassFigures.putInto(figures, "endpoint20ms", slow, warnings);
        PassFigures.putInto(figures, "endpoint0ms", fast, warnings);
        figures.put("endpointLatencyMs", ENDPOINT_LATENCY.toMillis());
        figures.put("inputRecords", inputs);
        figures.put("repetitions", run.settings().repetitions());
        figures.put(Scenario.WARNINGS, warnings);
        figures.put("rateDefinition", "CatchUpPerSec: " + ThroughputScenario.RATE_DEFINITION);
        return new Outcome(figures, verdict);
    }

    /** The first verdict that failed, else the latest. */
    static VerificationReport worse(VerificationReport so, VerificationReport next) {
        return so != null && !so.verified() ? so : next;
    }
}
