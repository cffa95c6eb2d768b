package junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    /** The app's state, set by the test. */
    private static final class FakeStatus implements PipelineStatus {
        volatile KafkaStreams.State streams = KafkaStreams.State.RUNNING;
        volatile SinkState sink = SinkState.OK;
        volatile Instant lastDelivery;
        volatile StreamThreads threads = new StreamThreads(2, 2);

        @Override
        public KafkaStreams.State streamsState() {
            return streams;
        }

        @Override
        public SinkState sinkState() {
            return sink;
        }

        @Override
        public StreamThreads streamThreads() {
            return threads;
        }

        @Override
        public Instant lastDelivery() {
            return lastDelivery;
        }
    }

    private final JunctionRegistry registry = new JunctionRegistry();
    private final PipelineMeters meters = new PipelineMeters(registry.registry());
    private final MutableClock clock = new MutableClock();
    private final PipelineSampler sampler = new PipelineSampler(registry.registry(), clock, 360);
    private final FakeStatus status = new FakeStatus();
    private final OpsServer server = OpsServer.start(new OpsServer.Config("localhost", 0), registry, sampler, status);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void metricsInPrometheusTextFormat() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# HELP jvm_memory_used_bytes").contains("junction_records_joined_total");
    }

    @Test
    void liveUnlessAStreamThreadFailed() throws Exception {
        // Rebalancing and an endpoint outage are not cured by a restart: still alive.
        status.streams = KafkaStreams.State.REBALANCING;
        status.sink = PipelineStatus.SinkState.PAUSED;
        assertThat(get(OpsServer.LIVE_PATH).statusCode()).isEqualTo(200);

        // A failed stream thread takes the client to PENDING_ERROR, then ERROR: the kubelet should restart it.
        for (KafkaStreams.State failed : List.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR)) {
            status.streams = failed;
            HttpResponse<String> dead = get(OpsServer.LIVE_PATH);
            assertThat(dead.statusCode()).as(failed.name()).isEqualTo(503);
            assertThat(json(dead).get("streams").asText()).isEqualTo(failed.name());
        }
    }

    @Test
    void everyListedPathIsServed() throws Exception {
        for (String path : OpsServer.PATHS) {
            assertThat(get(path).statusCode()).as(path).isNotEqualTo(404);
        }
        assertThat(get("/healthz").statusCode()).isEqualTo(404);
    }

    @Test
    void readyFlipsWithTheStatus() throws Exception {
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);

        status.streams = KafkaStreams.State.REBALANCING;
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);

        status.streams = KafkaStreams.State.RUNNING;
        status.sink = PipelineStatus.SinkState.PAUSED;
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);

        status.sink = PipelineStatus.SinkState.DEGRADED;
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);

        status.sink = PipelineStatus.SinkState.FAILED;
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void healthReportsStreamsSinkAndLastDelivery() throws Exception {
        status.sink = PipelineStatus.SinkState.DEGRADED;
        status.lastDelivery = Instant.parse("2026-01-01T00:00:00Z");

        HttpResponse<String> up = get("/health");
        JsonNode body = json(up);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.get("streams").asText()).isEqualTo("RUNNING");
        assertThat(body.get("streamThreads").get("running").asInt()).isEqualTo(2);
        assertThat(body.get("streamThreads").get("total").asInt()).isEqualTo(2);
        assertThat(body.get("sink").asText()).isEqualTo("degraded");
        assertThat(body.get("lastDelivery").asText()).isEqualTo("2026-01-01T00:00:00Z");

        status.sink = PipelineStatus.SinkState.PAUSED;
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).get("status").asText()).isEqualTo("down");

        // One thread of two already processing while the instance still rebalances.
        status.sink = PipelineStatus.SinkState.OK;
        status.streams = KafkaStreams.State.REBALANCING;
        status.threads = new PipelineStatus.StreamThreads(1, 2);
        JsonNode rebalancing = json(get("/health"));
        assertThat(rebalancing.get("streams").asText()).isEqualTo("REBALANCING");
        assertThat(rebalancing.get("streamThreads").get("running").asInt()).isEqualTo(1);
    }

    @Test
    void healthBeforeTheFirstDelivery() throws Exception {
        assertThat(json(get("/health")).get("lastDelivery").isNull()).isTrue();
    }

    @Test
    void summaryHasEverySignalWithStatusAndAVerdict() throws Exception {
        for (int i = 0; i < 6; i++) {
            meters.joined.increment(1000);
            meters.delivered.increment(1000);
            meters.requests2xx.increment(10);
            meters.e2e.record(Duration.ofMillis(2_000));
            meters.inFlight.set(8);
            meters.requestLatency.record(Duration.ofMillis(20));
            clock.advance(Duration.ofSeconds(10));
            sampler.sample();
        }

        HttpResponse<String> response = get("/summary");
        JsonNode summary = json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(summary.get("bottleneck").get("verdict").asText()).isEqualTo("sink-bound");
        assertThat(summary.get("bottleneck").get("recommendation").asText()).isNotBlank();
        assertThat(summary.get("throughputOut").get("5m").asDouble()).isEqualTo(100.0);
        assertThat(summary.get("throughputOut").get("status").asText()).isEqualTo("ok");
        assertThat(summary.get("e2eLatency").get("p99").asDouble()).isBetween(1_500.0, 2_500.0);
        assertThat(summary.get("e2eLatency").get("status").asText()).isEqualTo("warning");
        assertThat(summary.get("status").asText()).isEqualTo("warning");
        for (String signal : new String[] {"throughputIn", "errorRate", "lag", "deadLetters", "hostCpu", "hostMemory"}) {
            assertThat(summary.get(signal).has("status")).as(signal).isTrue();
        }
    }

    @Test
    void samplesAsCsvAndJson() throws Exception {
        clock.advance(Duration.ofSeconds(10));
        sampler.sample();

        HttpResponse<String> csv = get("/samples?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body().lines()).hasSize(2).first().asString().startsWith("time,");

        HttpResponse<String> json = get("/samples?format=json");
        assertThat(json(json).size()).isEqualTo(1);

        assertThat(get("/samples?format=xml").statusCode()).isEqualTo(400);
    }

    @Test
    void withBasicAuthEveryEndpointButTheProbesAsksForIt() throws Exception {
        OpsServer.Config guarded = new OpsServer.Config("localhost", 0, Thresholds.DEFAULTS, OpsAuth.basic("prom", "pw"));
        OpsServer secured = OpsServer.start(guarded, registry, sampler, status);
        try {
            String base = "http://localhost:" + secured.port();
            String good = "Basic " + Base64.getEncoder().encodeToString("prom:pw".getBytes(StandardCharsets.UTF_8));
            for (String path : List.of("/metrics", "/health", "/summary", "/samples?format=json")) {
                HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", good).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("www-authenticate")).as(path).hasValueSatisfying(
                        value -> assertThat(value).startsWith("Basic realm="));
                assertThat(signedIn.statusCode()).as(path).isIn(200, 503);
            }
            for (String probe : List.of("/health/live", "/health/ready")) {
                HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + probe)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).as(probe).isIn(200, 503);
            }
        } finally {
            secured.close();
        }
    }
}
