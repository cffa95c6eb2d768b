package junction.metrics;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.client.exporter.common.TextFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The operators' HTTP endpoints: {@code /metrics} (Prometheus text 0.0.4), {@code /health/live},
 * {@code /health/ready}, {@code /health}, {@code /summary} and {@code /samples?format=csv|json}.
 * Responses are built off the event loop: a scrape reads Kafka metrics, which take locks.
 */
public final class OpsServer implements AutoCloseable {

    /** Prometheus scrape. */
    public static final String METRICS_PATH = "/metrics";
    /** Liveness probe: 503 once Kafka Streams has failed (a stream thread died), so restarting the process is the cure. */
    public static final String LIVE_PATH = "/health/live";
    /** Readiness probe: 200 only while the streams are RUNNING and the sink is neither paused nor failed. */
    public static final String READY_PATH = "/health/ready";
    public static final String HEALTH_PATH = "/health";
    public static final String SUMMARY_PATH = "/summary";
    public static final String SAMPLES_PATH = "/samples";
    /** Every path served; deployment manifests are checked against this list (HelmChartTest). */
    public static final List<String> PATHS =
            List.of(METRICS_PATH, LIVE_PATH, READY_PATH, HEALTH_PATH, SUMMARY_PATH, SAMPLES_PATH);

    /**
     * Where the endpoints listen, the levels {@code /summary} judges signals by, and the basic auth
     * every endpoint but {@code /health/live} and {@code /health/ready} asks for (orchestrators'
     * probes stay open; they reveal nothing).
     */
    /** @param kafkaDetail {@code /metrics} with every Kafka client meter (see {@link KafkaClientMeterFilter}) */
    public record Config(String host, int port, Thresholds thresholds, OpsAuth auth, boolean kafkaDetail) {
        public static final Config DEFAULT = new Config("localhost", 9400);

        public Config(String host, int port) {
            this(host, port, Thresholds.DEFAULTS, OpsAuth.none());
        }

        public Config(String host, int port, Thresholds thresholds, OpsAuth auth) {
            this(host, port, thresholds, auth, false);
        }

        /** The registry these endpoints serve, with the Kafka client meters this config asks for. */
        public JunctionRegistry newRegistry() {
            return new JunctionRegistry(kafkaDetail);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String JSON = "application/json";

    private final PipelineSampler sampler;
    private final PipelineStatus status;
    private final Thresholds thresholds;
    private final OpsAuth auth;
    private final DisposableServer server;

    private OpsServer(Config config, JunctionRegistry registry, PipelineSampler sampler, PipelineStatus status,
            Thresholds thresholds) {
        this.sampler = sampler;
        this.status = status;
        this.thresholds = thresholds;
        this.auth = config.auth();
        this.server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .route(routes -> routes
                        .get(METRICS_PATH, (req, res) -> guarded(req, res, () -> send(res, TextFormat.CONTENT_TYPE_004, () ->
                                new Reply(HttpResponseStatus.OK, registry.scrape()))))
                        .get(LIVE_PATH, (req, res) -> send(res, JSON, this::live))
                        .get(READY_PATH, (req, res) -> send(res, JSON, this::ready))
                        .get(HEALTH_PATH, (req, res) -> guarded(req, res, () -> send(res, JSON, this::health)))
                        .get(SUMMARY_PATH, (req, res) -> guarded(req, res, () -> send(res, JSON, this::summary)))
                        .get(SAMPLES_PATH, (req, res) -> guarded(req, res, () -> samples(res, new QueryStringDecoder(req.uri())))))
                .bindNow(TIMEOUT);
        log.info("Ops endpoints on http://{}:{}/", config.host(), server.port());
    }

    public static OpsServer start(Config config, JunctionRegistry registry, PipelineSampler sampler,
            PipelineStatus status) {
        return new OpsServer(config, registry, sampler, status, config.thresholds());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    private record Reply(HttpResponseStatus status, String body) {
    }

    /** Serves {@code handler} when the request may be served, else a 401 asking for basic auth. */
    private Publisher<Void> guarded(HttpServerRequest req, HttpServerResponse res, Supplier<Publisher<Void>> handler) {
        if (auth.permits(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
            return handler.get();
        }
        return res.status(HttpResponseStatus.UNAUTHORIZED)
                .header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"junction\", charset=\"UTF-8\"")
                .send();
    }

    private static Publisher<Void> send(HttpServerResponse res, String contentType, Callable<Reply> reply) {
        return Mono.fromCallable(reply)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(r -> res.status(r.status())
                        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                        .sendString(Mono.just(r.body()))
                        .then());
    }

    private Reply live() {
        boolean live = status.live();
        return new Reply(live ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                Json.write(Map.of("live", live, "streams", String.valueOf(status.streamsState()))));
    }

    private Reply ready() {
        boolean ready = status.ready();
        return new Reply(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                Json.write(Map.of("ready", ready)));
    }

    private Reply health() {
        boolean ready = status.ready();
        Instant lastDelivery = status.lastDelivery();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", ready ? "up" : "down");
        doc.put("streams", String.valueOf(status.streamsState()));
        doc.put("streamThreads", status.streamThreads());
        doc.put("sink", String.valueOf(status.sinkState()).toLowerCase(java.util.Locale.ROOT));
        // A stall is not a reason to restart the app (the endpoint is usually the cause), but it
        // must show: "stalled" once a partition's commit has not advanced for COMMIT_STALL_SECONDS.
        doc.put("commit", status.commitStalledSeconds() >= COMMIT_STALL_SECONDS ? "stalled" : "ok");
        doc.put("delivery", status.delivery());
        doc.put("lastDelivery", lastDelivery);
        doc.put("sinceLastDeliverySeconds",
                lastDelivery == null ? null : Duration.between(lastDelivery, Instant.now()).toMillis() / 1000.0);
        return new Reply(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, Json.write(doc));
    }

    /** Seconds without a commit advance, while records wait for the endpoint, that make /health say "stalled"; the alert uses the same. */
    public static final double COMMIT_STALL_SECONDS = 60;

    private Reply summary() {
        return new Reply(HttpResponseStatus.OK, Json.write(SummaryReport.build(sampler.samples(), status.delivery(),
                sampler.e2eLatencyMs(SummaryReport.LONG), thresholds)));
    }

    private Publisher<Void> samples(HttpServerResponse res, QueryStringDecoder query) {
        List<String> format = query.parameters().get("format");
        SampleFormat sampleFormat;
        try {
            sampleFormat = SampleFormat.parse(format == null ? null : format.get(0));
        } catch (IllegalArgumentException e) {
            return send(res, JSON, () -> new Reply(HttpResponseStatus.BAD_REQUEST,
                    Json.write(Map.of("error", "format must be csv or json"))));
        }
        return send(res, sampleFormat.contentType(),
                () -> new Reply(HttpResponseStatus.OK, sampleFormat.render(sampler.samples())));
    }

    @Override
    public void close() {
        server.disposeNow(TIMEOUT);
    }
}
