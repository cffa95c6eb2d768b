package junction.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import junction.metrics.MeterNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * What the sink tests share: a meter registry, settlement counts, dead letters, endpoints and
 * sinks that are closed (sinks first) after each test, and a fast-retrying configuration.
 */
@ExtendWith(BlockingCallDetector.class)
abstract class SinkTestBase {

    static final Duration WAIT = Duration.ofSeconds(15);

    final MeterRegistry registry = new SimpleMeterRegistry();
    final Settlements settlements = new Settlements();
    RecordingDeadLetters deadLetters = RecordingDeadLetters.acknowledging();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    TestEndpoint endpoint(Function<TestEndpoint.Request, Mono<Integer>> responder) {
        return keep(TestEndpoint.start(responder));
    }

    TestEndpoint endpointAnswering(int status) {
        return keep(TestEndpoint.answering(status));
    }

    <T extends AutoCloseable> T keep(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Quick timeouts and retries so that failing paths finish fast. */
    static SinkConfig.Builder config(TestEndpoint endpoint) {
        return SinkConfig.builder()
                .endpoint(endpoint.uri())
                .linger(Duration.ofMillis(5))
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(10))
                .pendingAcquireTimeout(Duration.ofSeconds(5))
                .retryInitialBackoff(Duration.ofMillis(10))
                .retryMaxBackoff(Duration.ofMillis(50))
                .maxRetryTime(Duration.ofSeconds(10));
    }

    AnalyticsSink sink(SinkConfig config) {
        AnalyticsSink sink = new AnalyticsSink(config, deadLetters, registry);
        keep(() -> sink.close(Duration.ofSeconds(5)));
        return sink;
    }

    void submit(AnalyticsSink sink, SinkRecord record) {
        sink.submit(record, settlements.of(record));
    }

    double records(String outcome) {
        return registry.get(MeterNames.SINK_RECORDS).tag(MeterNames.TAG_OUTCOME, outcome).counter().count();
    }

    double requests(String statusClass) {
        return registry.get(MeterNames.SINK_REQUESTS).tag(MeterNames.TAG_STATUS, statusClass).counter().count();
    }

    @AfterEach
    void closeResources() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }
}
