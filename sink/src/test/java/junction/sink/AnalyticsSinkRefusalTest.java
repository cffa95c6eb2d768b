package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Retry-After on 429/503, and bisecting a refused batch down to the records the endpoint rejects. */
class AnalyticsSinkRefusalTest extends SinkTestBase {

    @Test
    void aRetryAfterIsHonouredInsteadOfTheBackoff() {
        AtomicInteger calls = new AtomicInteger();
        TestEndpoint endpoint = keep(TestEndpoint.replying(request -> Mono.just(calls.incrementAndGet() == 1
                ? new TestEndpoint.Reply(429, Map.of("Retry-After", "1"), "slow down")
                : TestEndpoint.Reply.of(200))));
        AnalyticsSink sink = sink(config(endpoint).build());
        SinkRecord record = record("k", 1);

        submit(sink, record);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        List<TestEndpoint.Request> requests = endpoint.requests();
        assertThat(requests).hasSize(2);
        // The backoff alone would wait at most retryMaxBackoff (50 ms).
        assertThat(Duration.ofNanos(requests.get(1).receivedNanos() - requests.get(0).receivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(records("retried")).isEqualTo(1);
    }

    @Test
    void aRetryAfterBeyondTheRetryTimeIsCappedByIt() {
        TestEndpoint endpoint = keep(TestEndpoint.replying(request ->
                Mono.just(new TestEndpoint.Reply(503, Map.of("Retry-After", "3600"), "maintenance"))));
        AnalyticsSink sink = sink(config(endpoint).maxRetryTime(Duration.ofMillis(500)).build());
        SinkRecord record = record("k", 1);

        submit(sink, record);

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(endpoint.requests()).hasSize(2);
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).contains("retries exhausted").contains("HTTP 503");
            assertThat(letter.headers()).containsEntry(KafkaDeadLetters.RESPONSE_BODY_HEADER, "maintenance");
        });
    }

    @Test
    void aRefusedBatchIsBisectedSoThatOnlyTheRejectedRecordsAreDeadLettered() {
        String longReason = "poison record: " + "x".repeat(400);
        TestEndpoint endpoint = keep(TestEndpoint.replying(request -> Mono.just(request.text().contains("\"poison\"")
                ? new TestEndpoint.Reply(422, Map.of(), longReason)
                : TestEndpoint.Reply.of(200))));
        AnalyticsSink sink = sink(config(endpoint).maxBatchRecords(16).linger(Duration.ofMillis(200)).lanes(1).build());
        List<SinkRecord> records = IntStream.rangeClosed(1, 16)
                .mapToObj(v -> v == 6 || v == 11 ? record("poison", v) : record("k", v)).toList();

        records.forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 16);
        assertThat(deadLetters.letters()).extracting(RecordingDeadLetters.Letter::record)
                .containsExactly(records.get(5), records.get(10));
        assertThat(deadLetters.letters()).allSatisfy(letter -> {
            assertThat(letter.headers()).containsEntry(KafkaDeadLetters.STATUS_HEADER, "422");
            assertThat(letter.headers().get(KafkaDeadLetters.RESPONSE_BODY_HEADER))
                    .hasSize(HttpDelivery.BODY_SNIPPET_BYTES).startsWith("poison record: xxx");
        });
        List<String> delivered = endpoint.requests().stream()
                .filter(request -> !request.text().contains("\"poison\""))
                .flatMap(request -> request.lines().stream()).toList();
        assertThat(delivered).as("every good record once, in order")
                .containsExactlyElementsOf(records.stream().filter(r -> r.key().equals("k")).map(TestRecords::body).toList());
        assertThat(records("delivered")).isEqualTo(14);
        assertThat(records("dead_lettered")).isEqualTo(2);
        assertThat(settlements.settledTwice()).isZero();
    }

    @Test
    void aRefusalOfTheRequestItselfIsNotBisected() {
        TestEndpoint endpoint = endpointAnswering(401);
        AnalyticsSink sink = sink(config(endpoint).linger(Duration.ofMillis(200)).build());

        IntStream.rangeClosed(1, 4).forEach(v -> submit(sink, record("k", v)));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 4);
        assertThat(endpoint.requests()).hasSize(1);
        assertThat(deadLetters.letters()).hasSize(4)
                .allSatisfy(letter -> assertThat(letter.headers()).containsEntry(KafkaDeadLetters.STATUS_HEADER, "401"));
    }
}
