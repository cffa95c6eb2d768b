package junction.load;

import static junction.load.AnalyticsEndpointTest.ndjson;
import static junction.load.AnalyticsEndpointTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import junction.model.CustomerInventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Each fault as a client sees it, set at start, in process and over HTTP. The tests run side by
 * side (as every unit test does), each against its own endpoint: most of their time is a fault's
 * wall-clock wait (a latency, a crawl, a down window), not CPU.
 */
class AnalyticsEndpointFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<AnalyticsEndpoint> endpoints = new ArrayList<>();
    private AnalyticsEndpoint endpoint;
    private ConnectionProvider connections;
    /** Loops of the test's own, so the server's loops take turns only for the connections it accepts. */
    private LoopResources clientLoops;

    /** A status, body and Retry-After header; or the error the request ended with instead. */
    private record Reply(int status, String body, String retryAfter, Throwable error) {
    }

    @BeforeEach
    void start() {
        endpoint = started(AnalyticsEndpoint.start());
        connections = ConnectionProvider.builder("endpoint-faults-test").maxConnections(64).build();
        clientLoops = LoopResources.create("endpoint-faults-test", 1, true);
    }

    @AfterEach
    void stop() {
        endpoints.forEach(AnalyticsEndpoint::close);
        connections.disposeLater().block(TIMEOUT);
        clientLoops.disposeLater(Duration.ZERO, TIMEOUT).block(TIMEOUT);
    }

    private AnalyticsEndpoint started(AnalyticsEndpoint started) {
        endpoints.add(started);
        return started;
    }

    private HttpClient http(AnalyticsEndpoint target) {
        // No silent retry by the client: each request here is one request at the endpoint.
        return HttpClient.create(connections).baseUrl(target.uri()).disableRetry(true);
    }

    private static Reply call(HttpClient.ResponseReceiver<?> request) {
        return request.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(body -> new Reply(response.status().code(), body,
                                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER), null)))
                .onErrorResume(e -> Mono.just(new Reply(0, null, null, e)))
                .block(TIMEOUT);
    }

    private static HttpClient.ResponseReceiver<?> ingestRequest(HttpClient http, CustomerInventory... records) {
        return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, AnalyticsEndpoint.NDJSON))
                .post().uri("/ingest").send(ByteBufFlux.fromInbound(Mono.just(ndjson(records))));
    }

    private Reply ingest(AnalyticsEndpoint target, CustomerInventory... records) {
        return call(ingestRequest(http(target), records));
    }

    private Reply ingest(CustomerInventory... records) {
        return ingest(endpoint, records);
    }

    private Reply ingestOne(int i) {
        return ingest(record("e" + i, "c" + i, "n" + i, System.currentTimeMillis()));
    }

    private Reply postFaults(String json) {
        return call(http(endpoint).post().uri("/faults").send(ByteBufFlux.fromString(Mono.just(json))));
    }

    /** Over a fresh connection, so a refused connection shows and no pooled one hides it. */
    private Reply statsOverNewConnection(AnalyticsEndpoint target) {
        return call(HttpClient.newConnection().runOn(clientLoops).baseUrl(target.uri()).disableRetry(true)
                .get().uri("/stats"));
    }

    private EndpointClient client() {
        return new EndpointClient(endpoint.uri(), TIMEOUT);
    }

    @Test
    void errorsAnswerWithTheChosenStatusesAndKeepNothing() {
        endpoint.faults(EndpointFaults.builder().errorRate(1).errorStatuses(List.of(500, 503)).seed(3L).build());

        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(ingestOne(i));
        }

        assertThat(replies).extracting(Reply::status).containsOnly(500, 503).contains(500, 503);
        assertThat(endpoint.view()).isEmpty();
        EndpointStats stats = endpoint.stats();
        assertThat(stats.requests()).isEqualTo(30);
        assertThat(stats.records()).isZero();
        assertThat(stats.faults()).isEqualTo(new EndpointStats.Faults(30, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void throttlesWith429AndRetryAfterInWholeSeconds() {
        endpoint.faults(EndpointFaults.builder().throttleRate(1).retryAfter(Duration.ofMillis(1500)).build());

        Reply reply = ingestOne(1);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.retryAfter()).isEqualTo("2");
        assertThat(endpoint.view()).isEmpty();
        assertThat(endpoint.stats().faults().throttled()).isEqualTo(1);
    }

    @Test
    void countsRetriesOfAThrottledIdempotencyKeyAndThoseBeforeItsRetryAfter() {
        CustomerInventory record = record("e1", "c1", "n1", System.currentTimeMillis());
        endpoint.faults(EndpointFaults.builder().throttleRate(1).retryAfter(Duration.ZERO).build());
        assertThat(ingestWithKey("k1", record).status()).isEqualTo(429);
        // "Retry-After: 0": a retry at once honours it.
        assertThat(ingestWithKey("k1", record).status()).isEqualTo(429);

        endpoint.faults(EndpointFaults.builder().throttleRate(1).retryAfter(Duration.ofSeconds(30)).build());
        assertThat(ingestWithKey("k2", record).status()).isEqualTo(429);
        // Another key, and no key at all, are no retries of k2.
        ingestWithKey("k3", record);
        ingest(record);
        // k2 again long before its 30 s are over: early.
        ingestWithKey("k2", record);

        EndpointStats.Faults faults = endpoint.stats().faults();
        assertThat(faults.throttled()).isEqualTo(6);
        assertThat(faults.throttleRetries()).as("retries of k1 and of k2").isEqualTo(2);
        assertThat(faults.earlyRetries()).as("the retry of k2").isEqualTo(1);
    }

    private Reply ingestWithKey(String idempotencyKey, CustomerInventory... records) {
        return call(http(endpoint)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, AnalyticsEndpoint.NDJSON)
                        .set(AnalyticsEndpoint.IDEMPOTENCY_KEY, idempotencyKey))
                .post().uri("/ingest").send(ByteBufFlux.fromInbound(Mono.just(ndjson(records)))));
    }

    @Test
    void resetsAreConnectionErrorsWithoutAnAnswer() {
        endpoint.faults(EndpointFaults.builder().resetRate(1).build());

        Reply reset = ingestOne(1);

        assertThat(reset.error()).isInstanceOf(IOException.class);
        assertThat(endpoint.view()).isEmpty();
        assertThat(endpoint.stats().faults().resets()).isEqualTo(1);
        endpoint.clearFaults();
        assertThat(ingestOne(2).status()).isEqualTo(200);
    }

    @Test
    void latencyIsAddedBeforeTheAnswer() {
        Duration latency = Duration.ofMillis(300);
        endpoint.faults(EndpointFaults.builder().latency(latency).jitter(Duration.ofMillis(50)).build());

        long start = System.nanoTime();
        Reply reply = ingestOne(1);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(latency);
        assertThat(endpoint.view()).containsOnlyKeys("c1");
    }

    @Test
    void aDelayedRequestDoesNotHoldUpItsEventLoop() {
        endpoint.faults(EndpointFaults.builder().slowRate(1).slowDelay(Duration.ofSeconds(5)).build());
        AtomicBoolean slowAnswered = new AtomicBoolean();
        Mono.fromCallable(() -> ingestOne(1)).subscribeOn(Schedulers.boundedElastic())
                .subscribe(reply -> slowAnswered.set(true));
        await().atMost(TIMEOUT).until(() -> endpoint.stats().faults().slow() == 1);

        // The server hands connections to its event loops in turn: one more connection than there
        // are loops puts one on the loop of the delayed request. Faults do not apply to /stats.
        List<Reply> stats = Flux.range(0, LoopResources.DEFAULT_IO_WORKER_COUNT + 1)
                .flatMap(i -> Mono.fromCallable(() -> statsOverNewConnection(endpoint))
                        .subscribeOn(Schedulers.boundedElastic()))
                .collectList()
                .block(TIMEOUT);

        assertThat(stats).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
        assertThat(slowAnswered).as("every /stats answered while the delayed request still waits").isFalse();
    }

    @Test
    void slowRequestsOutlastTheClientsResponseTimeout() {
        endpoint.faults(EndpointFaults.builder().slowRate(1).slowDelay(Duration.ofSeconds(3)).build());

        Reply timedOut = call(ingestRequest(http(endpoint).responseTimeout(Duration.ofMillis(300)),
                record("e1", "c1", "Ann", System.currentTimeMillis())));

        assertThat(timedOut.error()).isInstanceOf(ReadTimeoutException.class);
        assertThat(endpoint.stats().faults().slow()).isEqualTo(1);
        assertThat(endpoint.view()).isEmpty();
    }

    @Test
    void rejectedCustomersGet400NamingThemAndNothingOfTheirBatchIsKept() {
        endpoint.faults(EndpointFaults.builder().rejectCustomers(Set.of("c7")).build());
        long now = System.currentTimeMillis();

        Reply rejected = ingest(record("e1", "c1", "Ann", now), record("e7", "c7", "Poison", now));
        Reply accepted = ingest(record("e2", "c2", "Bob", now));

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).contains("\"customerId\":\"c7\"").contains("customer c7 is rejected");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(endpoint.view()).containsOnlyKeys("c2");
        EndpointStats stats = endpoint.stats();
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.faults().rejected()).isEqualTo(1);
        // e1 was not kept, so it is no duplicate when it comes again without the poison.
        assertThat(ingest(record("e1", "c1", "Ann", now)).body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"olderIgnored\":0}");
    }

    @Test
    void aDownWindowRefusesConnectionsThenTheEndpointIsBackOnTheSamePort() {
        int port = endpoint.port();
        assertThat(ingestOne(1).status()).isEqualTo(200);

        Reply scheduled = postFaults("{\"downFor\":\"3s\"}");

        assertThat(scheduled.status()).isEqualTo(200);
        assertThat(scheduled.body()).contains("\"downFor\":\"0s\"");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> statsOverNewConnection(endpoint).error() instanceof ConnectException);
        assertThat(endpoint.isDown()).isTrue();
        assertThat(ingestOne(2).error()).isInstanceOf(IOException.class);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> statsOverNewConnection(endpoint).status() == 200);
        assertThat(endpoint.port()).isEqualTo(port);
        assertThat(endpoint.isDown()).isFalse();
        assertThat(ingestOne(3).status()).isEqualTo(200);
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c3");
    }

    @Test
    void aDownWindowSetAtStartBeginsThatLongAfterTheStart() {
        AnalyticsEndpoint later = started(AnalyticsEndpoint.start("localhost", 0,
                EndpointFaults.builder().downAfter(Duration.ofSeconds(3)).downFor(Duration.ofSeconds(1)).build()));

        assertThat(statsOverNewConnection(later).status()).isEqualTo(200);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> statsOverNewConnection(later).error() instanceof ConnectException);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> statsOverNewConnection(later).status() == 200);
        assertThat(later.faults()).isEqualTo(EndpointFaults.NONE);
    }

    @Test
    void clearingFaultsEndsADownWindowAtOnce() {
        endpoint.faults(EndpointFaults.NONE.withDownWindow(Duration.ZERO, Duration.ofMinutes(10)));
        await().atMost(TIMEOUT).until(endpoint::isDown);

        endpoint.clearFaults();

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> statsOverNewConnection(endpoint).status() == 200);
        assertThat(ingestOne(1).status()).isEqualTo(200);
    }

    @Test
    void faultsChangeAtRunTimeOverHttp() {
        Reply errors = postFaults("{\"errorRate\":1,\"errorStatuses\":[502]}");
        assertThat(errors.status()).isEqualTo(200);
        assertThat(ingestOne(1).status()).isEqualTo(502);

        // Fields not posted stay as they are.
        Reply slower = postFaults("{\"latency\":\"10ms\"}");
        EndpointFaults expected = EndpointFaults.builder().errorRate(1).errorStatuses(List.of(502))
                .latency(Duration.ofMillis(10)).build();
        assertThat(endpoint.faults()).isEqualTo(expected);
        assertThat(client().faults()).isEqualTo(expected);
        assertThat(slower.body()).contains("\"latency\":\"10ms\"", "\"errorRate\":1.0");

        Reply cleared = call(http(endpoint).delete().uri("/faults"));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(endpoint.faults()).isEqualTo(EndpointFaults.NONE);
        assertThat(ingestOne(2).status()).isEqualTo(200);
    }

    @Test
    void badFaultsAreRefusedWith400AndChangeNothing() {
        endpoint.faults(EndpointFaults.builder().errorRate(0.1).build());

        Reply outOfRange = postFaults("{\"errorRate\":2}");
        Reply misspelt = postFaults("{\"errorrate\":0.5}");
        Reply notAnObject = postFaults("[0.5]");
        Reply badDuration = postFaults("{\"downFor\":\"a minute\"}");

        assertThat(List.of(outOfRange, misspelt, notAnObject, badDuration))
                .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(400))
                .allSatisfy(reply -> assertThat(reply.body()).startsWith("{\"error\":"));
        assertThat(outOfRange.body()).contains("errorRate must be within 0..1, was 2.0");
        assertThat(misspelt.body()).contains("errorrate");
        assertThat(badDuration.body()).contains("not a duration");
        assertThat(endpoint.faults()).isEqualTo(EndpointFaults.builder().errorRate(0.1).build());
        assertThat(endpoint.isDown()).isFalse();
    }

    @Test
    void theClientReadsAndChangesFaults() {
        EndpointClient client = client();
        EndpointFaults throttle = EndpointFaults.builder().throttleRate(1).seed(5L).build();

        assertThat(client.faults(throttle)).isEqualTo(throttle);
        assertThat(ingestOne(1).status()).isEqualTo(429);
        client.clearFaults();
        assertThat(client.faults()).isEqualTo(EndpointFaults.NONE);

        client.downWindow(Duration.ZERO, Duration.ofSeconds(1));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(endpoint::isDown);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> statsOverNewConnection(endpoint).status() == 200);
    }

    @Test
    void countsFaultsInStatsUntilAReset() {
        endpoint.faults(EndpointFaults.builder().seed(11L)
                .errorRate(0.3).throttleRate(0.2).resetRate(0.1).slowRate(0.2).slowDelay(Duration.ofMillis(20))
                .build());
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            replies.add(ingestOne(i));
        }

        EndpointStats.Faults counted = client().stats().faults();

        assertThat(counted).isEqualTo(endpoint.stats().faults());
        assertThat(counted.errors()).isEqualTo(replies.stream().filter(r -> r.status() >= 500).count()).isPositive();
        assertThat(counted.throttled()).isEqualTo(replies.stream().filter(r -> r.status() == 429).count()).isPositive();
        assertThat(counted.resets()).isEqualTo(replies.stream().filter(r -> r.error() != null).count()).isPositive();
        assertThat(counted.slow()).isPositive();
        assertThat(endpoint.stats().records()).isEqualTo(replies.stream().filter(r -> r.status() == 200).count());
        client().reset();
        assertThat(client().stats().faults()).isEqualTo(EndpointStats.Faults.NONE);
    }

    @Test
    void aSeedGivesTheSameAnswersInEveryRun() {
        EndpointFaults faults = EndpointFaults.builder().seed(2024L).errorRate(0.5).build();
        AnalyticsEndpoint again = started(AnalyticsEndpoint.start("localhost", 0, faults));
        endpoint.faults(faults);

        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CustomerInventory r = record("e" + i, "c" + i, "n", System.currentTimeMillis());
            first.add(ingest(endpoint, r).status());
            second.add(ingest(again, r).status());
        }

        assertThat(first).isEqualTo(second).contains(200).containsAnyOf(500, 502, 503);
    }

    @Test
    void aCrawlAnswersNoMoreRecordsPerSecondThanItsRateOverAllRequests() {
        int rate = 50;
        endpoint.faults(EndpointFaults.builder().crawlRate(rate).build());
        long now = System.currentTimeMillis();
        // Four concurrent requests of 25 records: 100 records at 50/s, so the last is answered after 2 s.
        List<CustomerInventory[]> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            CustomerInventory[] batch = new CustomerInventory[25];
            for (int i = 0; i < batch.length; i++) {
                int n = b * 100 + i;
                batch[i] = record("e" + n, "c" + n, "n", now);
            }
            batches.add(batch);
        }

        long start = System.nanoTime();
        List<Long> answeredAfterMillis = Flux.fromIterable(batches)
                .flatMap(batch -> Mono.fromCallable(() -> {
                    assertThat(ingest(batch).status()).isEqualTo(200);
                    return (System.nanoTime() - start) / 1_000_000;
                }).subscribeOn(Schedulers.boundedElastic()))
                .collectSortedList()
                .block(TIMEOUT);

        assertThat(answeredAfterMillis).hasSize(4);
        assertThat(answeredAfterMillis.get(0)).as("the first 25 records take half a second").isGreaterThanOrEqualTo(480);
        assertThat(answeredAfterMillis.get(3)).as("100 records at 50/s").isGreaterThanOrEqualTo(1_980);
        assertThat(endpoint.view()).hasSize(100);
        endpoint.clearFaults();
        long fast = System.nanoTime();
        assertThat(ingestOne(1).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - fast)).as("no crawl once cleared").isLessThan(Duration.ofMillis(480));
    }

    @Test
    void aCrawledRequestTheClientGaveUpOnGivesUpItsTurn() {
        // 100 records at 50/s: 2 s of work the client does not wait for.
        endpoint.faults(EndpointFaults.builder().crawlRate(50).build());
        long now = System.currentTimeMillis();
        CustomerInventory[] big = new CustomerInventory[100];
        for (int i = 0; i < big.length; i++) {
            big[i] = record("e" + i, "c" + i, "n", now);
        }
        Reply abandoned = call(ingestRequest(http(endpoint).responseTimeout(Duration.ofMillis(300)), big));
        assertThat(abandoned.error()).isInstanceOf(ReadTimeoutException.class);

        long start = System.nanoTime();
        assertThat(ingest(record("e-next", "c-next", "n", now)).status()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the next request waits for its own record only")
                .isLessThan(Duration.ofMillis(1_500));
        assertThat(endpoint.view()).containsOnlyKeys("c-next");
    }

    @Test
    void aDownWindowWithAStatusAnswersItToEveryIngestRequestWhileThePortStaysOpen() {
        assertThat(ingestOne(1).status()).isEqualTo(200);

        Reply scheduled = postFaults("{\"downFor\":\"2s\",\"downStatus\":401}");

        assertThat(scheduled.status()).isEqualTo(200);
        // The window is scheduled once the answer is out.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(endpoint::inStatusWindow);
        assertThat(endpoint.isDown()).as("connections are not refused").isFalse();
        Reply refused = call(ingestRequest(http(endpoint), record("e2", "c2", "n2", System.currentTimeMillis())));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("down window");
        assertThat(statsOverNewConnection(endpoint).status()).as("/stats while answering 401").isEqualTo(200);
        assertThat(endpoint.stats().faults().errors()).isEqualTo(1);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> !endpoint.inStatusWindow());
        assertThat(ingestOne(3).status()).isEqualTo(200);
        assertThat(endpoint.view()).containsOnlyKeys("c1", "c3");
    }

    @Test
    void aStatusWindowStartsAfterItsDelayAndEndsWhenFaultsAreCleared() {
        endpoint.faults(EndpointFaults.builder().downStatus(503).downAfter(Duration.ofMillis(300))
                .downFor(Duration.ofMinutes(10)).build());

        assertThat(endpoint.inStatusWindow()).as("not yet").isFalse();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(endpoint::inStatusWindow);
        assertThat(ingestOne(1).status()).isEqualTo(503);
        endpoint.clearFaults();
        assertThat(endpoint.inStatusWindow()).isFalse();
        assertThat(ingestOne(2).status()).isEqualTo(200);
    }

    @Test
    void rejectedCustomersGetTheRejectStatusWhenOneIsSet() {
        endpoint.faults(EndpointFaults.builder().rejectCustomers(Set.of("c7")).rejectStatus(500).build());
        long now = System.currentTimeMillis();

        Reply failed = ingest(record("e1", "c1", "Ann", now), record("e7", "c7", "Poison", now));
        Reply accepted = ingest(record("e2", "c2", "Bob", now));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).contains("customer c7 is rejected");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(endpoint.view()).containsOnlyKeys("c2");
        assertThat(endpoint.stats().faults().rejected()).isEqualTo(1);
    }
}
