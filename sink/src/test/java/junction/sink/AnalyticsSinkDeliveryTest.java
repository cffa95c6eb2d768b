package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import junction.metrics.MeterNames;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Retries, dead letters and the meters that count them. */
class AnalyticsSinkDeliveryTest extends SinkTestBase {

    @Test
    void aRetryableStatusIsRetriedWithTheSameBodyAndIdempotencyKey() {
        AtomicInteger calls = new AtomicInteger();
        TestEndpoint endpoint = endpoint(request -> Mono.just(calls.incrementAndGet() == 1 ? 503 : 200));
        AnalyticsSink sink = sink(config(endpoint).build());
        SinkRecord record = record("k", 1);
        assertThat(sink.lastDelivery()).as("before any acknowledgement").isNull();
        Instant submitted = Instant.now();

        submit(sink, record);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(sink.lastDelivery()).isAfterOrEqualTo(submitted);
        assertThat(endpoint.requests()).hasSize(2);
        TestEndpoint.Request first = endpoint.requests().get(0);
        TestEndpoint.Request retry = endpoint.requests().get(1);
        assertThat(retry.idempotencyKey()).isNotBlank().isEqualTo(first.idempotencyKey());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(records("retried")).isEqualTo(1);
        assertThat(records("delivered")).isEqualTo(1);
        assertThat(records("dead_lettered")).isZero();
        assertThat(requests("5xx")).isEqualTo(1);
        assertThat(requests("2xx")).isEqualTo(1);
        assertThat(registry.get(MeterNames.SINK_REQUEST_LATENCY).timer().count()).isEqualTo(2);
        assertThat(deadLetters.letters()).isEmpty();
    }

    @Test
    void differentRecordsGoUnderDifferentIdempotencyKeys() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());

        submit(sink, record("k", 1));
        await().atMost(WAIT).until(() -> settlements.settledRecords() == 1);
        submit(sink, record("k", 2));
        await().atMost(WAIT).until(() -> settlements.settledRecords() == 2);

        assertThat(endpoint.requests()).extracting(TestEndpoint.Request::idempotencyKey).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void anUnreachableEndpointIsRetriedUntilItComesUp() throws IOException {
        int port = freePort();
        AnalyticsSink sink = sink(SinkConfig.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port + "/ingest"))
                .linger(Duration.ofMillis(1))
                .connectTimeout(Duration.ofSeconds(2))
                .retryInitialBackoff(Duration.ofMillis(10))
                .retryMaxBackoff(Duration.ofMillis(50))
                .maxRetryTime(Duration.ofSeconds(30))
                .build());
        SinkRecord record = record("k", 1);

        submit(sink, record);
        await().atMost(WAIT).until(() -> requests("error") >= 2);
        assertThat(settlements.settled(record)).isZero();

        TestEndpoint endpoint = keep(TestEndpoint.startOn(port, request -> Mono.just(200)));

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(endpoint.requests()).hasSize(1);
        assertThat(records("retried")).isGreaterThanOrEqualTo(2);
        assertThat(deadLetters.letters()).isEmpty();
    }

    @Test
    void aRefusedRecordIsDeadLetteredAndSettledOnlyOnceTheDeadLetterIsWritten() {
        deadLetters = RecordingDeadLetters.holding();
        SinkRecord alone = record("k", 0);
        // The first record goes alone (an idle lane sends at once) and is taken; the two queued
        // behind it while it was out are one batch, refused.
        TestEndpoint endpoint = endpoint(request -> Mono.just(request.text().equals(TestRecords.body(alone) + "\n") ? 200 : 400)
                .delayElement(Duration.ofMillis(300)));
        AnalyticsSink sink = sink(config(endpoint).linger(Duration.ofMillis(200)).build());
        SinkRecord first = record("k", 1);
        SinkRecord second = record("k", 2);

        submit(sink, alone);
        submit(sink, first);
        submit(sink, second);

        await().atMost(WAIT).until(() -> deadLetters.letters().size() == 2);
        // The first alone; the batch of two, then each half of it.
        assertThat(endpoint.requests()).extracting(r -> r.lines().size()).containsExactly(1, 2, 1, 1);
        assertThat(deadLetters.letters()).allSatisfy(letter -> {
            assertThat(letter.reason()).isEqualTo("rejected_by_endpoint");
            assertThat(letter.headers().get(KafkaDeadLetters.DETAIL_HEADER)).contains("HTTP 400").contains("answer 400");
            assertThat(letter.headers()).containsEntry(KafkaDeadLetters.STATUS_HEADER, "400")
                    .containsEntry(KafkaDeadLetters.RESPONSE_BODY_HEADER, "answer 400");
        });
        assertThat(deadLetters.letters()).extracting(RecordingDeadLetters.Letter::record).containsExactly(first, second);
        assertThat(settlements.settledRecords()).as("only the accepted one").isEqualTo(1);

        deadLetters.letters().get(0).ack().complete(null);
        await().atMost(WAIT).until(() -> settlements.settled(first) == 1);
        assertThat(settlements.settled(second)).isZero();

        deadLetters.letters().get(1).ack().complete(null);
        await().atMost(WAIT).until(() -> settlements.settled(second) == 1);
        assertThat(records("dead_lettered")).isEqualTo(2);
        assertThat(deadLettersBy("rejected_by_endpoint")).isEqualTo(2);
        assertThat(deadLettersBy("retries_exhausted")).isZero();
        assertThat(records("retried")).isZero();
        assertThat(requests("4xx")).isEqualTo(3);
        assertThat(settlements.settledTwice()).isZero();
    }

    @Test
    void aFailedDeadLetterWriteIsRetriedBeforeTheRecordSettles() {
        deadLetters = RecordingDeadLetters.holding();
        AnalyticsSink sink = sink(config(endpointAnswering(400)).build());
        SinkRecord record = record("k", 1);

        submit(sink, record);
        await().atMost(WAIT).until(() -> deadLetters.letters().size() == 1);
        deadLetters.letters().get(0).ack().completeExceptionally(new IllegalStateException("broker down"));

        await().atMost(WAIT).until(() -> deadLetters.letters().size() == 2);
        assertThat(settlements.settled(record)).isZero();
        deadLetters.letters().get(1).ack().complete(null);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(records("dead_lettered")).isEqualTo(1);
    }

    @Test
    void retriesEndAfterMaxRetryTimeAndTheRecordsAreDeadLettered() {
        TestEndpoint endpoint = endpointAnswering(503);
        Duration maxRetryTime = Duration.ofMillis(300);
        AnalyticsSink sink = sink(config(endpoint).maxRetryTime(maxRetryTime).build());
        SinkRecord record = record("k", 1);
        long submitted = System.nanoTime();

        submit(sink, record);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isLessThan(maxRetryTime.plusSeconds(5));
        assertThat(endpoint.requests().size()).isGreaterThanOrEqualTo(2);
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("retries_exhausted");
            assertThat(letter.headers().get(KafkaDeadLetters.DETAIL_HEADER)).contains("retries exhausted").contains("HTTP 503");
            assertThat(letter.headers()).containsEntry(KafkaDeadLetters.STATUS_HEADER, "503")
                    .containsEntry(KafkaDeadLetters.ATTEMPTS_HEADER, Integer.toString(endpoint.requests().size()));
        });
        assertThat(records("retried")).isEqualTo(endpoint.requests().size() - 1);
        assertThat(records("delivered")).isZero();
        assertThat(deadLettersBy("retries_exhausted")).isEqualTo(1);
    }

    @Test
    void theMetersAreNamedAsMeterNamesSaysWithUnitsOnGaugesAndSummariesOnly() {
        sink(config(endpointAnswering(200)).build());

        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("junction."))
                .allSatisfy(meter -> {
                    Meter.Id id = meter.getId();
                    assertThat(id.getDescription()).as(id.getName()).isNotBlank();
                    if (id.getType() == Meter.Type.COUNTER) {
                        assertThat(id.getBaseUnit()).as(id.getName()).isNull();
                    }
                });
        assertThat(registry.get(MeterNames.SINK_BUFFERED).gauge().getId().getBaseUnit()).isEqualTo(MeterNames.UNIT_RECORDS);
        assertThat(registry.get(MeterNames.SINK_IN_FLIGHT).gauge().getId().getBaseUnit()).isEqualTo(MeterNames.UNIT_REQUESTS);
        assertThat(registry.get(MeterNames.SINK_CONCURRENCY_LIMIT).gauge().getId().getBaseUnit())
                .isEqualTo(MeterNames.UNIT_REQUESTS);
        assertThat(registry.get(MeterNames.SINK_PAUSED).gauge().value()).isZero();
        assertThat(registry.get(MeterNames.SINK_REQUESTS).counters()).hasSize(7);
        assertThat(registry.get(MeterNames.SINK_RECORDS).counters()).hasSize(3);
        assertThat(registry.get(MeterNames.SINK_REQUEST_LATENCY).timer()).isNotNull();
        assertThat(registry.get(MeterNames.E2E_LATENCY).timer()).isNotNull();
        assertThat(registry.get(MeterNames.STREAM_LATENCY).timer()).isNotNull();
    }

    @Test
    void eachDeliveredRecordsEndToEndLatencyIsRecorded() {
        AnalyticsSink sink = sink(config(endpointAnswering(200)).build());
        SinkRecord old = new SinkRecord("k", "k@1", "{}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() - 5_000);

        submit(sink, old);
        submit(sink, record("k", 2));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 2);
        Timer e2e = registry.get(MeterNames.E2E_LATENCY).timer();
        assertThat(e2e.count()).isEqualTo(2);
        assertThat(e2e.max(TimeUnit.MILLISECONDS)).isBetween(5_000.0, 5_000.0 + WAIT.toMillis());
    }

    @Test
    void eachRecordsAgeAtHandOffIsTheStreamsShareAndIsRecordedBeforeAnyDelivery() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());
        SinkRecord old = new SinkRecord("k", "k@1", "{}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() - 5_000);

        submit(sink, old);

        // Recorded on hand-off, whether or not the endpoint has answered yet.
        Timer stream = registry.get(MeterNames.STREAM_LATENCY).timer();
        assertThat(stream.count()).isEqualTo(1);
        assertThat(stream.max(TimeUnit.MILLISECONDS)).isBetween(5_000.0, 5_000.0 + WAIT.toMillis());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private double deadLettersBy(String reason) {
        return registry.get(MeterNames.DEAD_LETTERS).tag(MeterNames.TAG_REASON, reason).counter().count();
    }
}
