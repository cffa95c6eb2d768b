package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import junction.metrics.MeterNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Ordering per key, lane and in-flight limits, backpressure on the caller, and where blocking is allowed. */
class AnalyticsSinkConcurrencyTest extends SinkTestBase {

    @Test
    void versionsOfAKeyArriveInOrderWhileLanesRunConcurrently() {
        int lanes = 8;
        int maxInFlight = 4;
        AtomicIntegerArray inFlightPerLane = new AtomicIntegerArray(lanes);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxSeenInFlight = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        TestEndpoint endpoint = endpoint(request -> {
            List<Integer> requestLanes = request.lines().stream()
                    .map(line -> AnalyticsSink.laneOf(field(line, "key"), lanes)).distinct().toList();
            if (requestLanes.size() != 1) {
                violations.add("one request mixed lanes " + requestLanes);
            }
            int lane = requestLanes.get(0);
            if (inFlightPerLane.incrementAndGet(lane) > 1) {
                violations.add("two requests in flight on lane " + lane);
            }
            maxSeenInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(5, 15))).map(tick -> {
                // Counted down before the response leaves, so the lane's next request cannot be counted early.
                inFlightPerLane.decrementAndGet(lane);
                inFlight.decrementAndGet();
                return 200;
            });
        });
        AnalyticsSink sink = sink(config(endpoint).lanes(lanes).maxInFlight(maxInFlight).maxBatchRecords(7)
                .linger(Duration.ofMillis(2)).build());
        int keys = 100;
        int versions = 5;

        for (int v = 1; v <= versions; v++) {
            for (int k = 0; k < keys; k++) {
                submit(sink, record("key-" + k, v));
            }
        }

        await().atMost(WAIT).until(() -> settlements.settledRecords() == keys * versions);
        Map<String, List<Integer>> arrived = new LinkedHashMap<>();
        endpoint.requests().forEach(request -> request.lines().forEach(line -> arrived
                .computeIfAbsent(field(line, "key"), k -> new ArrayList<>()).add(Integer.parseInt(field(line, "version")))));
        assertThat(arrived).hasSize(keys);
        assertThat(arrived.values()).allSatisfy(seen -> assertThat(seen).containsExactly(1, 2, 3, 4, 5));
        assertThat(violations).isEmpty();
        assertThat(maxSeenInFlight.get()).isBetween(2, maxInFlight);
        assertThat(settlements.settledTwice()).isZero();
    }

    @Test
    void submitBlocksTheCallerWhileMaxBufferedRecordsAreUnsettled() throws Exception {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        TestEndpoint endpoint = endpoint(request -> Mono.fromFuture(answer, true).thenReturn(200));
        AnalyticsSink sink = sink(config(endpoint).maxBufferedRecords(10).maxBatchRecords(5).lanes(4).maxInFlight(4)
                .linger(Duration.ofMillis(1)).build());
        IntStream.rangeClosed(1, 10).forEach(v -> submit(sink, record("key-" + v, 1)));
        await().atMost(WAIT).until(() -> !endpoint.requests().isEmpty());

        CompletableFuture<Void> eleventh = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            submit(sink, record("key-11", 1));
            eleventh.complete(null);
        }, "stream-thread-stand-in");
        caller.start();

        await().atMost(WAIT).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(eleventh).isNotDone();
        assertThat(sink.unsettled()).isEqualTo(10);
        assertThat(registry.get(MeterNames.SINK_BUFFERED).gauge().value()).isEqualTo(10);

        answer.complete(null);

        await().atMost(WAIT).until(eleventh::isDone);
        await().atMost(WAIT).until(() -> settlements.settledRecords() == 11);
        caller.join(WAIT.toMillis());
    }

    @Test
    void submitRefusesToBlockANonBlockingThread() {
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());

        Mono<Void> fromParallel = Mono.<Void>fromRunnable(() -> submit(sink, record("k", 1)))
                .subscribeOn(Schedulers.parallel());

        assertThatThrownBy(() -> fromParallel.block(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-blocking thread");
        assertThat(sink.unsettled()).isZero();
    }

    @Test
    void onSettledRunsOffNettysEventLoops() {
        List<Boolean> nonBlocking = new CopyOnWriteArrayList<>();
        TestEndpoint endpoint = endpointAnswering(200);
        AnalyticsSink sink = sink(config(endpoint).build());
        CompletableFuture<Void> settled = new CompletableFuture<>();

        sink.submit(record("k", 1), () -> {
            nonBlocking.add(Schedulers.isInNonBlockingThread());
            settled.complete(null);
        });

        await().atMost(WAIT).until(settled::isDone);
        // Everything after a response runs on Reactor's bounded-elastic workers, never an event loop.
        assertThat(nonBlocking).containsExactly(false);
    }

    @Test
    void submitAfterCloseIsRefused() {
        AnalyticsSink sink = sink(config(endpointAnswering(200)).build());
        sink.close(WAIT);

        assertThatThrownBy(() -> submit(sink, record("k", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closeGivesUpOnRecordsTheEndpointNeverAnswers() {
        TestEndpoint endpoint = endpoint(request -> Mono.never());
        AnalyticsSink sink = sink(config(endpoint).responseTimeout(Duration.ofMinutes(1)).build());
        SinkRecord record = record("k", 1);
        submit(sink, record);
        await().atMost(WAIT).until(() -> !endpoint.requests().isEmpty());

        sink.close(Duration.ofMillis(200));

        assertThat(sink.unsettled()).isEqualTo(1);
        assertThat(settlements.settled(record)).isZero();
        assertThat(deadLetters.letters()).isEmpty();
    }

    /** A field of a test record's JSON; a regex rather than a JSON parser, whose first-use locks would block event loops. */
    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    @Test
    void aBatchWaitingToRetryHoldsNoRequestSlot() {
        AtomicInteger refused = new AtomicInteger();
        TestEndpoint endpoint = keep(TestEndpoint.replying(request -> Mono.just(
                request.text().contains("\"slow-key\"") && refused.getAndIncrement() == 0
                        ? new TestEndpoint.Reply(503, Map.of("Retry-After", "3"), "busy")
                        : TestEndpoint.Reply.of(200))));
        int lanes = 2;
        String other = IntStream.range(0, 100).mapToObj(i -> "other-" + i)
                .filter(key -> AnalyticsSink.laneOf(key, lanes) != AnalyticsSink.laneOf("slow-key", lanes))
                .findFirst().orElseThrow();
        AnalyticsSink sink = sink(config(endpoint).lanes(lanes).maxInFlight(1).adaptiveConcurrency(false).build());
        SinkRecord slow = record("slow-key", 1);
        SinkRecord fast = record(other, 1);

        submit(sink, slow);
        await().atMost(WAIT).until(() -> refused.get() == 1);
        submit(sink, fast);

        // One slot in all: had the refused batch kept it for its 3 s Retry-After, the other lane would wait for it.
        await().atMost(Duration.ofSeconds(2)).until(() -> settlements.settled(fast) == 1);
        assertThat(settlements.settled(slow)).isZero();
        await().atMost(WAIT).until(() -> settlements.settled(slow) == 1);
    }
}
