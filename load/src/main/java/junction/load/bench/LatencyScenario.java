package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import junction.load.VerificationReport;

/**
 * {@code latency}: junction's full pipeline over the same inputs twice, to a 0 ms endpoint and
 * to one adding 20 ms per request; the ratio of the two delivered rates shows how much of the
 * endpoint's latency the sink's concurrency hides. Rates as in {@link ThroughputScenario}; both
 * passes must verify.
 */
final class LatencyScenario implements Scenario {

    static final Duration ENDPOINT_LATENCY = Duration.ofMillis(20);

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        cluster.startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        AppRun fast = run.measureApp("app_0ms", "bench-0ms", true);
        VerificationReport fastVerdict = run.verify();
        cluster.startEndpoint(ENDPOINT_LATENCY);
        AppRun slow = run.measureApp("app_20ms", "bench-20ms", true);
        VerificationReport slowVerdict = run.verify();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("deliveredPerSec", slow.inputPerSec());
        figures.put("deliveredPerSec0ms", fast.inputPerSec());
        figures.put("latencyRatio", BenchFigures.ratio(slow.inputPerSec(), fast.inputPerSec()));
        figures.put("endpointLatencyMs", ENDPOINT_LATENCY.toMillis());
        figures.put("inputRecords", inputs);
        figures.put("seconds0ms", fast.seconds());
        figures.put("seconds20ms", slow.seconds());
        figures.put("rateDefinition", ThroughputScenario.RATE_DEFINITION);
        return new Outcome(figures, fastVerdict.verified() ? slowVerdict : fastVerdict);
    }
}
