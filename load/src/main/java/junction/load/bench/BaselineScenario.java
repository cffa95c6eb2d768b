package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code baseline}: the design junction replaces ({@link BaselineConsumer}: one consumer, one
 * synchronous POST per record) runs for a fixed time against an endpoint adding 20 ms per
 * request; then junction's full pipeline delivers the same inputs to the same endpoint, reset.
 * Both rates are records the endpoint accepted per second of the run.
 */
final class BaselineScenario implements Scenario {

    static final Duration ENDPOINT_LATENCY = Duration.ofMillis(20);
    static final String RATE_DEFINITION = "records accepted by the endpoint / seconds of the run"
            + " (junction: from the app being ready to zero committed lag)";

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        cluster.startEndpoint(ENDPOINT_LATENCY);
        long inputs = run.preload();
        BaselineConsumer baseline = new BaselineConsumer(cluster.bootstrapServers(), cluster.endpointUri());
        run.monitor().phase("baseline", BaselineConsumer.GROUP_ID);
        BaselineConsumer.Result old = baseline.run(run.settings().duration());
        long baselinePerSec = Math.round(old.perSecond());
        cluster.endpoint().reset();
        AppRun junction = run.measureApp("app_full", "bench-junction", true);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("baselinePerSec", baselinePerSec);
        figures.put("junctionPerSec", junction.deliveredPerSec());
        figures.put("speedupVsBaseline", BenchFigures.ratio(junction.deliveredPerSec(), old.perSecond()));
        figures.put("endpointLatencyMs", ENDPOINT_LATENCY.toMillis());
        figures.put("inputRecords", inputs);
        figures.put("baselineDelivered", old.delivered());
        figures.put("baselineSeconds", BenchFigures.seconds(old.elapsed()));
        figures.put("junctionDelivered", junction.delivered());
        figures.put("junctionSeconds", junction.seconds());
        figures.put("rateDefinition", RATE_DEFINITION);
        return new Outcome(figures, run.verify());
    }
}
