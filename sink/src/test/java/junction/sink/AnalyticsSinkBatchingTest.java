package junction.sink;

import static junction.sink.TestRecords.body;
import static junction.sink.TestRecords.record;
import static junction.sink.TestRecords.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import junction.metrics.MeterNames;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How records are grouped into requests and how the request bodies look. */
class AnalyticsSinkBatchingTest extends SinkTestBase {

    private static final Duration LONG_LINGER = Duration.ofMinutes(1);
    private static final SinkRecord WARM_UP = TestRecords.record("k", 0);

    /**
     * An endpoint that takes a moment to answer: after a first record that goes at once, alone (an
     * idle lane does not linger), the records a test submits queue up behind it, as under load.
     */
    private TestEndpoint slowEndpoint() {
        return endpoint(request -> reactor.core.publisher.Mono.just(200).delayElement(Duration.ofMillis(300)));
    }

    private void warmUp(AnalyticsSink sink) {
        submit(sink, WARM_UP);
    }

    private static List<Integer> afterWarmUp(TestEndpoint endpoint) {
        List<TestEndpoint.Request> requests = endpoint.requests();
        assertThat(requests.get(0).lines()).containsExactly(TestRecords.body(WARM_UP));
        return requests.subList(1, requests.size()).stream().map(r -> r.lines().size()).toList();
    }

    @Test
    void fullBatchesGoWithoutWaitingForLinger() {
        TestEndpoint endpoint = slowEndpoint();
        AnalyticsSink sink = sink(config(endpoint).maxBatchRecords(5).linger(LONG_LINGER).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 10).mapToObj(v -> record("k", v)).toList();

        warmUp(sink);
        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 11);
        assertThat(afterWarmUp(endpoint)).containsExactly(5, 5);
        assertThat(endpoint.requests().subList(1, 3)).flatExtracting(TestEndpoint.Request::lines)
                .containsExactlyElementsOf(records.stream().map(TestRecords::body).toList());
        assertThat(endpoint.requests()).allSatisfy(r -> {
            assertThat(r.headers().get("Content-Type")).isEqualTo("application/x-ndjson");
            assertThat(r.headers().get("Content-Encoding")).isNull();
        });
        assertThat(registry.get(MeterNames.SINK_BATCH_RECORDS).summary().max()).isEqualTo(5);
    }

    @Test
    void batchesStayWithinMaxBatchBytesAndAnOversizedRecordGoesAlone() {
        TestEndpoint endpoint = slowEndpoint();
        // 99-byte bodies plus a newline each: three fill 300 bytes exactly.
        AnalyticsSink sink = sink(config(endpoint).maxBatchBytes(300).linger(LONG_LINGER).build());

        warmUp(sink);
        IntStream.rangeClosed(1, 9).forEach(v -> submit(sink, sized("k", v, 99)));
        submit(sink, sized("k", 10, 500));
        sink.close(WAIT);

        assertThat(settlements.settledRecords()).isEqualTo(11);
        assertThat(afterWarmUp(endpoint)).containsExactly(3, 3, 3, 1);
        assertThat(endpoint.requests().subList(1, 4)).allSatisfy(r -> assertThat(r.body()).hasSize(300));
    }

    @Test
    void anIdleLaneSendsAtOnceAndABusyOneLingersForCompany() {
        // Long against the time a first request takes (a connect, cold code): at 150 ms a loaded
        // 2-core machine sent the idle lane's record after 265 ms, as if it had lingered.
        Duration linger = Duration.ofSeconds(1);
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).maxBatchRecords(100).linger(linger).build());
        long firstSubmitted = System.nanoTime();

        IntStream.rangeClosed(1, 3).forEach(v -> submit(sink, record("k", v)));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 3);
        // The first record found the lane idle and went alone, without lingering; the two that came
        // while it was out waited out the linger together.
        assertThat(endpoint.requests()).extracting(r -> r.lines().size()).containsExactly(1, 2);
        assertThat(Duration.ofNanos(endpoint.requests().get(0).receivedNanos() - firstSubmitted)).isLessThan(linger);
        assertThat(Duration.ofNanos(endpoint.requests().get(1).receivedNanos() - firstSubmitted)).isGreaterThanOrEqualTo(linger);
    }

    @Test
    void jsonArrayBodies() throws Exception {
        TestEndpoint endpoint = slowEndpoint();
        AnalyticsSink sink = sink(config(endpoint).format(BodyFormat.JSON_ARRAY).maxBatchRecords(3).linger(LONG_LINGER).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 3).mapToObj(v -> record("k", v)).toList();

        warmUp(sink);
        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 4);
        TestEndpoint.Request request = endpoint.requests().get(1);
        assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
        JsonNode array = new ObjectMapper().readTree(request.body());
        assertThat(array.isArray()).isTrue();
        assertThat(array).extracting(node -> node.get("version").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void gzippedBodiesDecodeToTheRecords() {
        TestEndpoint endpoint = slowEndpoint();
        AnalyticsSink sink = sink(config(endpoint).gzip(true).maxBatchRecords(20).linger(LONG_LINGER).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 20).mapToObj(v -> sized("k", v, 200)).toList();

        warmUp(sink);
        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 21);
        TestEndpoint.Request request = endpoint.requests().get(1);
        assertThat(request.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.lines()).containsExactlyElementsOf(records.stream().map(TestRecords::body).toList());
        assertThat(Integer.parseInt(request.headers().get("Content-Length"))).isLessThan(request.body().length);
    }

    @Test
    void closeSendsLingeringRecordsAtOnce() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).linger(LONG_LINGER).build());
        SinkRecord only = record("k", 1);
        submit(sink, only);

        sink.close(WAIT);

        assertThat(settlements.settled(only)).isEqualTo(1);
        assertThat(endpoint.requests()).singleElement().extracting(TestEndpoint.Request::text).isEqualTo(body(only) + "\n");
    }
}
