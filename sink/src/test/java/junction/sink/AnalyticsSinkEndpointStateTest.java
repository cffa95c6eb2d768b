package junction.sink;

import static junction.sink.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import junction.metrics.MeterNames;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** How the sink reacts to the endpoint as a whole: the adaptive concurrency limit and the outage state. */
class AnalyticsSinkEndpointStateTest extends SinkTestBase {

    @Test
    void theConcurrencyLimitFallsWhenTheEndpointSlowsDownAndRisesWhenItRecovers() throws InterruptedException {
        AtomicReference<Duration> latency = new AtomicReference<>(Duration.ofMillis(2));
        TestEndpoint endpoint = endpoint(request -> Mono.delay(latency.get()).thenReturn(200));
        AnalyticsSink sink = sink(config(endpoint).lanes(64).maxInFlight(16).maxBatchRecords(1)
                .linger(Duration.ZERO).maxBufferedRecords(64).build());
        Gauge limit = registry.get(MeterNames.SINK_CONCURRENCY_LIMIT).gauge();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            for (int i = 0; feeding.get(); i++) {
                submit(sink, record("key-" + (i % 1000), i));
            }
        }, "feeder");
        feeder.start();

        await().atMost(WAIT).until(() -> limit.value() >= 8);
        latency.set(Duration.ofMillis(300));
        await().atMost(WAIT).until(() -> limit.value() <= 3);
        latency.set(Duration.ofMillis(2));
        await().atMost(WAIT).until(() -> limit.value() >= 8);

        feeding.set(false);
        feeder.join(WAIT.toMillis());
        assertThat(feeder.isAlive()).isFalse();
        assertThat(limit.value()).isLessThanOrEqualTo(16);
        assertThat(deadLetters.letters()).isEmpty();
    }

    @Test
    void aFixedLimitStaysAtMaxInFlight() {
        AnalyticsSink sink = sink(config(endpointAnswering(200)).adaptiveConcurrency(false).maxInFlight(5).build());

        submit(sink, record("k", 1));

        await().atMost(WAIT).until(() -> settlements.settledRecords() == 1);
        assertThat(registry.get(MeterNames.SINK_CONCURRENCY_LIMIT).gauge().value()).isEqualTo(5);
    }

    @Test
    void anOutagePausesTheSinkWithoutDeadLetteringAndTheFirstAnswerEndsIt() throws IOException {
        rideOutAnOutage(Duration.ofMillis(800), Duration.ofMillis(50));
    }

    @Test
    void aBackoffLongerThanTheRetryTimeLeftWhenPausedSpendsNone() throws IOException {
        // 300 ms of failures before the pause leave 100 ms of retry time; backoffs grow to 200 ms.
        // The sink once gave up as soon as a backoff was longer than what was left, paused or not.
        rideOutAnOutage(Duration.ofMillis(400), Duration.ofMillis(200));
    }

    private void rideOutAnOutage(Duration maxRetryTime, Duration maxBackoff) throws IOException {
        int port = freePort();
        warmUpTheFailurePath(port);
        List<SinkState> states = new CopyOnWriteArrayList<>();
        AnalyticsSink sink = sink(SinkConfig.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port + "/ingest"))
                .linger(Duration.ofMillis(1))
                .connectTimeout(Duration.ofSeconds(1))
                .retryInitialBackoff(Duration.ofMillis(10))
                .retryMaxBackoff(maxBackoff)
                .maxRetryTime(maxRetryTime)
                .outageWindow(Duration.ofMillis(300))
                .build());
        sink.onStateChange(states::add);
        Gauge paused = registry.get(MeterNames.SINK_PAUSED).gauge();
        SinkRecord record = record("k", 1);

        submit(sink, record);

        await().atMost(WAIT).until(() -> sink.state() == SinkState.PAUSED);
        assertThat(paused.value()).isEqualTo(1);
        // Far beyond maxRetryTime, and the batch is still being retried, not dead-lettered.
        await().during(maxRetryTime.multipliedBy(3).plus(maxBackoff.multipliedBy(2))).atMost(WAIT)
                .until(() -> deadLetters.letters().isEmpty() && sink.state() == SinkState.PAUSED);
        assertThat(settlements.settled(record)).isZero();

        TestEndpoint endpoint = keep(TestEndpoint.startOn(port, request -> Mono.just(200)));

        await().atMost(WAIT).until(() -> settlements.settled(record) == 1);
        assertThat(endpoint.requests()).hasSize(1);
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(sink.state()).isEqualTo(SinkState.DEGRADED);
        assertThat(paused.value()).isZero();
        await().atMost(WAIT).until(() -> states.size() == 3);
        assertThat(states).containsExactly(SinkState.DEGRADED, SinkState.PAUSED, SinkState.DEGRADED);
    }

    /**
     * The durations above are a few hundred milliseconds, and the first failed request of a sink
     * in a JVM once took 500-580 ms (loading and compiling the failure path on a busy 2-core host):
     * that first attempt alone used up the retry time before the outage window could pause the
     * sink. A throwaway sink, with meters and dead letters of its own, fails a few times first.
     */
    private static void warmUpTheFailurePath(int port) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AnalyticsSink warm = new AnalyticsSink(SinkConfig.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port + "/ingest"))
                .linger(Duration.ofMillis(1))
                .retryInitialBackoff(Duration.ofMillis(10))
                .retryMaxBackoff(Duration.ofMillis(10))
                .maxRetryTime(Duration.ofMinutes(1))
                .build(), RecordingDeadLetters.acknowledging(), meters);
        try {
            warm.submit(record("warm-up", 1), () -> { });
            await().atMost(WAIT).until(() -> meters.find(MeterNames.SINK_REQUESTS).counters().stream()
                    .mapToDouble(Counter::count).sum() >= 5);
        } finally {
            warm.close(Duration.ZERO);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
