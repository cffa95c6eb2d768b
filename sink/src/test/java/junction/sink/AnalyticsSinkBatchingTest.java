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

    @Test
    void fullBatchesGoWithoutWaitingForLinger() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).maxBatchRecords(5).linger(LONG_LINGER).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 10).mapToObj(v -> record("k", v)).toList();

        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 10);
        assertThat(endpoint.requests()).extracting(r -> r.lines().size()).containsExactly(5, 5);
        assertThat(endpoint.requests()).flatExtracting(TestEndpoint.Request::lines)
                .containsExactlyElementsOf(records.stream().map(TestRecords::body).toList());
        assertThat(endpoint.requests()).allSatisfy(r -> {
            assertThat(r.headers().get("Content-Type")).isEqualTo("application/x-ndjson");
            assertThat(r.headers().get("Content-Encoding")).isNull();
        });
        assertThat(registry.get(MeterNames.SINK_BATCH_RECORDS).summary().max()).isEqualTo(5);
    }

    @Test
    void batchesStayWithinMaxBatchBytesAndAnOversizedRecordGoesAlone() {
        TestEndpoint endpoint = endpointAnswering(200);
        // 99-byte bodies plus a newline each: three fill 300 bytes exactly.
        AnalyticsSink sink = sink(config(endpoint).maxBatchBytes(300).linger(LONG_LINGER).build());

        IntStream.rangeClosed(1, 9).forEach(v -> submit(sink, sized("k", v, 99)));
        submit(sink, sized("k", 10, 500));
        sink.close(WAIT);

        assertThat(settlements.settledRecords()).isEqualTo(10);
        assertThat(endpoint.requests()).extracting(r -> r.lines().size()).containsExactly(3, 3, 3, 1);
        assertThat(endpoint.requests().subList(0, 3)).allSatisfy(r -> assertThat(r.body()).hasSize(300));
    }

    @Test
    void aPartialBatchGoesOnceItsOldestRecordLingered() {
        Duration linger = Duration.ofMillis(150);
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).maxBatchRecords(100).linger(linger).build());
        long firstSubmitted = System.nanoTime();

        IntStream.rangeClosed(1, 3).forEach(v -> submit(sink, record("k", v)));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 3);
        assertThat(endpoint.requests()).hasSize(1);
        assertThat(endpoint.requests().get(0).lines()).hasSize(3);
        assertThat(Duration.ofNanos(endpoint.requests().get(0).receivedNanos() - firstSubmitted)).isGreaterThanOrEqualTo(linger);
    }

    @Test
    void jsonArrayBodies() throws Exception {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).format(BodyFormat.JSON_ARRAY).maxBatchRecords(3).linger(LONG_LINGER).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 3).mapToObj(v -> record("k", v)).toList();

        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 3);
        TestEndpoint.Request request = endpoint.requests().get(0);
        assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
        JsonNode array = new ObjectMapper().readTree(request.body());
        assertThat(array.isArray()).isTrue();
        assertThat(array).extracting(node -> node.get("version").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void gzippedBodiesDecodeToTheRecords() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).gzip(true).maxBatchRecords(20).linger(LONG_LINGER).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 20).mapToObj(v -> sized("k", v, 200)).toList();

        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 20);
        TestEndpoint.Request request = endpoint.requests().get(0);
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
