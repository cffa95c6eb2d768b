package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import junction.metrics.MeterNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            assertThat(letter.reason()).isEqualTo("retries_exhausted");
            assertThat(letter.headers().get(KafkaDeadLetters.DETAIL_HEADER)).contains("retries exhausted").contains("HTTP 503");
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
    void aRefusalOfTheRequestItselfKeepsTheRecordsPausesAndHealsWithARotatedSecret(@TempDir Path dir) throws Exception {
        // The endpoint takes only token B; the sink starts with token A in its file, as after an expiry.
        TestEndpoint endpoint = endpoint(request -> Mono.just(
                "Bearer B".equals(request.headers().get("Authorization")) ? 200 : 401));
        Path token = Files.writeString(dir.resolve("token"), "A");
        AnalyticsSink sink = sink(config(endpoint).outageWindow(Duration.ofMillis(300))
                .maxRetryTime(Duration.ofMillis(200)).auth(SinkAuth.bearer("file:" + token)).build());

        IntStream.rangeClosed(1, 4).forEach(v -> submit(sink, record("k", v)));

        // Far past the retry time: nothing is dead-lettered, the sink says why it is stuck.
        await().atMost(WAIT).until(() -> sink.state() == SinkState.PAUSED);
        assertThat(sink.problem()).isEqualTo(EndpointProblem.REFUSING);
        assertThat(sink.problemStatus()).isEqualTo(401);
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(settlements.settledRecords()).isZero();
        assertThat(endpoint.requests()).allSatisfy(r -> assertThat(r.lines()).hasSizeGreaterThan(0));

        Files.writeString(token, "B");

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 4);
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(records("delivered")).isEqualTo(4);
    }

    @Test
    void aRecordThatAlwaysGets500WhileOthersSucceedIsIsolatedAndDeadLetteredAlone() {
        TestEndpoint endpoint = endpoint(request -> Mono.just(request.text().contains("\"poison\"") ? 500 : 200)
                .delayElement(Duration.ofMillis(20)));
        AnalyticsSink sink = sink(config(endpoint).lanes(2).maxRetryTime(Duration.ofSeconds(3))
                .outageWindow(Duration.ofMillis(500)).build());
        SinkRecord poison = record("poison", 1);
        List<SinkRecord> good = IntStream.rangeClosed(1, 40).mapToObj(v -> record("k" + (v % 8), v)).toList();

        good.subList(0, 20).forEach(r -> submit(sink, r));
        submit(sink, poison);
        good.subList(20, 40).forEach(r -> submit(sink, r));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 41);
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.record()).isEqualTo(poison);
            assertThat(letter.reason()).isEqualTo("retries_exhausted");
            assertThat(letter.headers()).containsEntry(KafkaDeadLetters.STATUS_HEADER, "500");
        });
        assertThat(records("delivered")).isEqualTo(40);
        assertThat(sink.state()).as("one record's failures never pause the sink").isNotEqualTo(SinkState.PAUSED);
    }

    @Test
    void aKeyWhoseRecordExhaustedItsRetriesGetsNoNewRetryTimeForItsNextFailingRecord() {
        TestEndpoint endpoint = endpoint(request -> Mono.just(request.text().contains("\"poison\"") ? 500 : 200)
                .delayElement(Duration.ofMillis(20)));
        AnalyticsSink sink = sink(config(endpoint).lanes(2).maxRetryTime(Duration.ofSeconds(3))
                .outageWindow(Duration.ofMillis(500)).build());
        IntStream.rangeClosed(1, 20).forEach(v -> submit(sink, record("k" + (v % 8), v)));
        submit(sink, record("poison", 1));
        IntStream.rangeClosed(21, 40).forEach(v -> submit(sink, record("k" + (v % 8), v)));
        await().atMost(WAIT).until(() -> settlements.settledRecords() == 41);

        submit(sink, record("poison", 2));
        IntStream.rangeClosed(41, 60).forEach(v -> submit(sink, record("k" + (v % 8), v)));
        await().atMost(WAIT).until(() -> settlements.settledRecords() == 62);

        assertThat(deadLetters.letters()).hasSize(2);
        assertThat(deadLetters.letters().get(0).headers().get(KafkaDeadLetters.DETAIL_HEADER))
                .startsWith("retries exhausted after");
        assertThat(deadLetters.letters().get(1)).satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("retries_exhausted");
            assertThat(letter.headers().get(KafkaDeadLetters.DETAIL_HEADER))
                    .as("the lane is not held for another whole retry time").contains("gets no new retry time");
        });
        assertThat(records("delivered")).isEqualTo(60);
    }

    @Test
    void batchesShrinkWhileAnswersNearTheResponseTimeout() {
        // A quarter second per record: a batch of more than 3 cannot be answered within the 1 s timeout.
        TestEndpoint endpoint = endpoint(request -> Mono.just(200).delayElement(Duration.ofMillis(250L * request.lines().size())));
        AnalyticsSink sink = sink(config(endpoint).lanes(1).maxBatchRecords(16).responseTimeout(Duration.ofSeconds(1))
                .linger(Duration.ofMillis(50)).maxRetryTime(Duration.ofMinutes(1)).build());

        IntStream.rangeClosed(1, 17).forEach(v -> submit(sink, record("k", v)));

        await().atMost(Duration.ofSeconds(60)).until(() -> settlements.settledRecords() == 17);
        assertThat(deadLetters.letters()).isEmpty();
        // The first answers (one record, then two) are already slow for their size: the limit
        // falls before a full batch of 16 is ever sent and times out.
        assertThat(registry.get(MeterNames.SINK_BATCH_LIMIT).gauge().value()).isLessThanOrEqualTo(2);
    }
}
