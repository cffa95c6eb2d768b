package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import junction.model.JsonSerde;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

class AnalyticsEndpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String JSON = "application/json";

    private AnalyticsEndpoint endpoint;
    private ConnectionProvider connections;
    private HttpClient http;

    @BeforeEach
    void start() {
        endpoint = AnalyticsEndpoint.start();
        connections = ConnectionProvider.builder("endpoint-test").maxConnections(64).build();
        http = HttpClient.create(connections).baseUrl(endpoint.uri());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        connections.disposeLater().block(TIMEOUT);
    }

    private record Reply(int status, String body) {
    }

    static CustomerInventory record(String eventId, String customerId, String name, long sourceTimestamp) {
        InventoryItem item = new InventoryItem("sku-1", "Lamp", "home", 1999, 3, "w1", 10);
        return new CustomerInventory(eventId, customerId, name, name + "@example.com", "gold", "eu", "sku-1", 5,
                item, sourceTimestamp, false, sourceTimestamp);
    }

    private static CustomerInventory deletion(String eventId, String customerId) {
        return CustomerInventory.deletion(customerId).withDelivery(eventId, System.currentTimeMillis());
    }

    static byte[] ndjson(CustomerInventory... records) {
        return CustomerInventoryCodec.encodeNdjson(List.of(records));
    }

    private static byte[] jsonArray(CustomerInventory... records) throws IOException {
        return JsonSerde.MAPPER.writeValueAsBytes(List.of(records));
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }

    private Mono<Reply> post(byte[] body, String contentType, boolean gzip) {
        return http.headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
                    if (gzip) {
                        h.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
                    }
                })
                .post().uri("/ingest")
                .send(ByteBufFlux.fromInbound(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), text)));
    }

    private Reply postNdjson(CustomerInventory... records) {
        return post(ndjson(records), AnalyticsEndpoint.NDJSON, false).block(TIMEOUT);
    }

    private EndpointClient client() {
        return new EndpointClient(endpoint.uri(), TIMEOUT);
    }

    @Test
    void acceptsNdjson() {
        long now = System.currentTimeMillis();
        Reply reply = postNdjson(record("e1", "c1", "Ann", now), record("e2", "c2", "Bob", now));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"accepted\":2,\"duplicates\":0,\"olderIgnored\":0}");
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c2");
        assertThat(endpoint.view().get("c1")).isEqualTo(record("e1", "c1", "Ann", now));
    }

    @Test
    void acceptsJsonArray() throws IOException {
        long now = System.currentTimeMillis();
        Reply reply = post(jsonArray(record("e1", "c1", "Ann", now), record("e2", "c2", "Bob", now)),
                JSON + "; charset=utf-8", false).block(TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c2");
        assertThat(endpoint.stats().records()).isEqualTo(2);
    }

    @Test
    void acceptsGzippedNdjsonAndArrays() throws IOException {
        long now = System.currentTimeMillis();
        Reply lines = post(gzip(ndjson(record("e1", "c1", "Ann", now))), AnalyticsEndpoint.NDJSON, true)
                .block(TIMEOUT);
        Reply array = post(gzip(jsonArray(record("e2", "c2", "Bob", now))), JSON, true).block(TIMEOUT);

        assertThat(lines.status()).isEqualTo(200);
        assertThat(array.status()).isEqualTo(200);
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c2");
    }

    @Test
    void keepsTheLatestRecordPerCustomerByArrival() {
        long now = System.currentTimeMillis();
        postNdjson(record("e1", "c1", "Ann", now), record("e2", "c1", "Anna", now));
        postNdjson(record("e3", "c1", "Annie", now));

        assertThat(endpoint.view()).containsOnlyKeys("c1");
        assertThat(endpoint.view().get("c1").name()).isEqualTo("Annie");
        assertThat(endpoint.stats().records()).isEqualTo(3);
        assertThat(endpoint.stats().customers()).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheCustomerAndIsCounted() {
        long now = System.currentTimeMillis();
        postNdjson(record("e1", "c1", "Ann", now), record("e2", "c2", "Bob", now));
        postNdjson(deletion("e3", "c1"));

        assertThat(endpoint.view()).containsOnlyKeys("c2");
        EndpointStats stats = endpoint.stats();
        assertThat(stats.deletes()).isEqualTo(1);
        assertThat(stats.records()).isEqualTo(3);
        assertThat(stats.customers()).isEqualTo(1);
    }

    @Test
    void dropsAndCountsDuplicateEventIds() {
        long now = System.currentTimeMillis();
        postNdjson(record("e1", "c1", "Ann", now));
        // A re-delivery, once across requests and once within a request: the first copy stays.
        Reply reply = postNdjson(record("e1", "c1", "changed", now), record("e2", "c2", "Bob", now),
                record("e2", "c2", "changed", now));

        assertThat(reply.body()).isEqualTo("{\"accepted\":1,\"duplicates\":2,\"olderIgnored\":0}");
        assertThat(endpoint.view().get("c1").name()).isEqualTo("Ann");
        assertThat(endpoint.view().get("c2").name()).isEqualTo("Bob");
        assertThat(endpoint.stats().duplicates()).isEqualTo(2);
        assertThat(endpoint.stats().records()).isEqualTo(2);
    }

    @Test
    void recordsEndToEndLatencyFromSourceTimestamp() {
        long now = System.currentTimeMillis();
        postNdjson(record("e1", "c1", "Ann", now - 5_000), record("e2", "c2", "Bob", now - 5_000));

        EndpointStats.Latency latency = endpoint.stats().latencyMs();
        assertThat(latency.p50()).isBetween(5_000L, 5_000L + TIMEOUT.toMillis());
        assertThat(latency.max()).isGreaterThanOrEqualTo(latency.p99()).isGreaterThanOrEqualTo(5_000L);
    }

    @Test
    void endToEndLatencyEndsWhenTheRecordsArriveNotAfterTheEndpointsOwnProcessingTime() {
        endpoint.faults(EndpointFaults.builder().latency(Duration.ofSeconds(2)).build());
        long now = System.currentTimeMillis();

        Reply reply = postNdjson(record("e1", "c1", "Ann", now));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(System.currentTimeMillis() - now).isGreaterThanOrEqualTo(2_000);
        assertThat(endpoint.stats().latencyMs().max()).isLessThan(2_000);
    }

    @Test
    void latencySinceAMarkCoversOnlyWhatCameAfterItWhileTheStatsCoverAll() {
        long now = System.currentTimeMillis();
        // A backlog: records that waited a minute.
        postNdjson(record("e1", "c1", "Ann", now - 60_000), record("e2", "c2", "Bob", now - 60_000));
        AnalyticsEndpoint.LatencyMark mark = endpoint.markLatency();
        assertThat(endpoint.latencySince(mark).max()).isZero();

        postNdjson(record("e3", "c3", "Cy", now - 2_000));

        EndpointStats.Latency steady = endpoint.latencySince(mark);
        assertThat(steady.p50()).isBetween(2_000L, 2_000L + TIMEOUT.toMillis());
        assertThat(steady.max()).isLessThan(60_000L);
        assertThat(endpoint.stats().latencyMs().max()).isGreaterThanOrEqualTo(60_000L);
        endpoint.reset();
        assertThat(endpoint.latencySince(mark).max()).as("a mark of a reset ledger").isZero();
    }

    @Test
    void servesItsLatencyHistogramSoAnotherProcessCanTakeWindowsOfIt() {
        long now = System.currentTimeMillis();
        EndpointClient client = client();
        postNdjson(record("e1", "c1", "Ann", now - 60_000), record("e2", "c2", "Bob", now - 60_000));
        Histogram first = client.latencyHistogram();

        postNdjson(record("e3", "c3", "Cy", now - 2_000));
        Histogram window = client.latencyHistogram().copy();
        window.subtract(first);

        assertThat(first.getTotalCount()).isEqualTo(2);
        assertThat(first.getMinValue()).isGreaterThanOrEqualTo(60_000L);
        assertThat(window.getTotalCount()).isEqualTo(1);
        assertThat(EndpointStats.Latency.of(window).p99()).isBetween(2_000L, 2_000L + TIMEOUT.toMillis());
        client.resetCounters();
        assertThat(client.latencyHistogram().getTotalCount()).as("after a reset of the counters").isZero();
    }

    @Test
    void collectsItsGarbageOnRequestAndAnswersOnceItHas() {
        long before = collections();

        client().collectGarbage();

        assertThat(collections()).as("collections in this JVM, the endpoint's").isGreaterThan(before);
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void servesStatsAndViewOverHttp() {
        long now = System.currentTimeMillis();
        List<CustomerInventory> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            many.add(record("e" + i, "c" + i, "n" + i, now));
        }
        postNdjson(many.toArray(CustomerInventory[]::new));
        postNdjson(record("e0", "c0", "again", now));

        EndpointStats stats = client().stats();
        assertThat(stats).isEqualTo(endpoint.stats());
        assertThat(stats.requests()).isEqualTo(2);
        assertThat(stats.records()).isEqualTo(2_500);
        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.customers()).isEqualTo(2_500);
        assertThat(stats.firstReceiveMillis()).isPositive().isLessThanOrEqualTo(stats.lastReceiveMillis());
        // More records than one chunk of the streamed view.
        Map<String, CustomerInventory> view = client().view();
        assertThat(view).hasSize(2_500).isEqualTo(endpoint.view());
    }

    @Test
    void refusesUnreadableBodiesAndKeepsNothingOfThem() throws IOException {
        long now = System.currentTimeMillis();
        byte[] goodThenBad = (new String(ndjson(record("e1", "c1", "Ann", now)), StandardCharsets.UTF_8)
                + "{not json\n").getBytes(StandardCharsets.UTF_8);
        byte[] noCustomer = ndjson(record("e2", null, "Nobody", now));

        Reply garbage = post(goodThenBad, AnalyticsEndpoint.NDJSON, false).block(TIMEOUT);
        Reply missingId = post(noCustomer, AnalyticsEndpoint.NDJSON, false).block(TIMEOUT);
        Reply notAnArray = post("{\"eventId\":".getBytes(StandardCharsets.UTF_8), JSON, false).block(TIMEOUT);
        Reply notGzip = post(ndjson(record("e3", "c3", "Cy", now)), AnalyticsEndpoint.NDJSON, true).block(TIMEOUT);
        Reply empty = post(new byte[0], AnalyticsEndpoint.NDJSON, false).block(TIMEOUT);

        assertThat(List.of(garbage, missingId, notAnArray, notGzip, empty))
                .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(400))
                .allSatisfy(reply -> assertThat(reply.body()).startsWith("{\"error\":"));
        assertThat(garbage.body()).contains("line 2");
        assertThat(missingId.body()).contains("customerId");
        assertThat(endpoint.view()).isEmpty();
        EndpointStats stats = endpoint.stats();
        assertThat(stats.requests()).isEqualTo(5);
        assertThat(stats.rejected()).isEqualTo(5);
        assertThat(stats.records()).isZero();
        assertThat(stats.firstReceiveMillis()).isZero();
        // e1 was not accepted, so it is not a duplicate when it comes again in a good body.
        assertThat(postNdjson(record("e1", "c1", "Ann", now)).body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"olderIgnored\":0}");
    }

    @Test
    void keepsExactCountsUnderConcurrentPosts() {
        long now = System.currentTimeMillis();
        int requests = 400;
        int perRequest = 10;
        // Requests 200..399 repeat the event ids of 0..199: every record is delivered twice.
        List<Reply> replies = Flux.range(0, requests)
                .flatMap(i -> {
                    int batch = i % 200;
                    CustomerInventory[] records = new CustomerInventory[perRequest];
                    for (int j = 0; j < perRequest; j++) {
                        records[j] = record("e" + batch + "-" + j, "c" + (batch * perRequest + j) % 500, "n", now);
                    }
                    return post(ndjson(records), AnalyticsEndpoint.NDJSON, false);
                }, 32)
                .collectList()
                .block(TIMEOUT.multipliedBy(3));

        assertThat(replies).hasSize(requests).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
        EndpointStats stats = endpoint.stats();
        assertThat(stats.requests()).isEqualTo(requests);
        assertThat(stats.records()).isEqualTo(2_000);
        assertThat(stats.duplicates()).isEqualTo(2_000);
        assertThat(stats.customers()).isEqualTo(500);
        assertThat(endpoint.view()).hasSize(500);
    }

    @Test
    void resetForgetsEverything() {
        long now = System.currentTimeMillis();
        postNdjson(record("e1", "c1", "Ann", now));

        client().reset();

        assertThat(endpoint.view()).isEmpty();
        assertThat(endpoint.stats()).isEqualTo(new EndpointStats(0, 0, 0, 0, 0, 0,
                new EndpointStats.Latency(0, 0, 0, 0), 0, 0, 0.0));
        assertThat(postNdjson(record("e1", "c1", "Ann", now)).body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"olderIgnored\":0}");
    }

    @Test
    void resetOfTheCountersKeepsTheViewAndTheEventIdsSeen() {
        long now = System.currentTimeMillis();
        postNdjson(record("e1", "c1", "Ann", now - 5_000));

        client().resetCounters();

        assertThat(endpoint.view()).containsOnlyKeys("c1");
        assertThat(endpoint.stats().records()).isZero();
        assertThat(endpoint.stats().latencyMs().max()).isZero();
        assertThat(postNdjson(record("e1", "c1", "Ann", now)).body())
                .as("a re-delivery after the reset is still recognised")
                .isEqualTo("{\"accepted\":0,\"duplicates\":1,\"olderIgnored\":0}");
    }
}
