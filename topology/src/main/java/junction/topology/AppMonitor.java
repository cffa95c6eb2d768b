package junction.topology;

import java.time.Duration;
import junction.metrics.JunctionRegistry;
import junction.metrics.OpsServer;
import junction.metrics.PipelineSampler;
import junction.metrics.StreamsMetrics;
import junction.metrics.host.HostMetrics;

/**
 * Everything an operator watches, for one stream app: stream-thread metrics (Micrometer's Kafka
 * Streams binder), OSHI host samples, the 10 s pipeline samples behind /summary, and the ops HTTP
 * server (/metrics, /health, /summary, /samples). One registry, one scrape.
 */
public final class AppMonitor implements AutoCloseable {

    private final StreamsMetrics streamsMetrics;
    private final HostMetrics hostMetrics;
    private final PipelineSampler sampler;
    private final OpsServer server;

    private AppMonitor(StreamApp app, JunctionRegistry registry, OpsServer.Config ops, Duration sampleInterval) {
        streamsMetrics = new StreamsMetrics(app.streams(), registry.registry());
        hostMetrics = new HostMetrics(registry.registry(), sampleInterval);
        sampler = new PipelineSampler(registry.registry()).start(sampleInterval);
        server = OpsServer.start(ops, registry, sampler, app);
    }

    /** Binds the app's stream threads and the host to the registry and serves the ops endpoints. */
    public static AppMonitor start(StreamApp app, JunctionRegistry registry, OpsServer.Config ops, Duration sampleInterval) {
        return new AppMonitor(app, registry, ops, sampleInterval);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        sampler.close();
        hostMetrics.close();
        streamsMetrics.close();
    }
}
