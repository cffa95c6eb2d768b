package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.EndpointStats;
import junction.load.SharedKafka;
import junction.sink.SinkConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An endpoint that throttles a share of requests with 429 and {@code Retry-After: 1}: everything
 * arrives, and the sink waits the second before re-sending a throttled batch. The endpoint tells
 * a re-send by its {@code Idempotency-Key} and counts those that come early; a sink that ignored
 * Retry-After would retry after its 100 ms initial backoff and be counted.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class ThrottledEndpointTest {

    @Test
    void throttledBatchesAreResentNoSoonerThanRetryAfter(EmbeddedKafka kafka) throws Exception {
        EndpointFaults faults = EndpointFaults.builder()
                .throttleRate(0.10)
                .retryAfter(Duration.ofSeconds(1))
                .seed(2L)
                .build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "throttled", faults, SinkConfig.defaults())) {
            DemoResult result = run.produceAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters").isZero();
            EndpointStats.Faults injected = result.endpoint().faults();
            assertThat(injected.throttled()).as("requests answered 429").isPositive();
            assertThat(injected.throttleRetries()).as("throttled batches re-sent").isPositive();
            assertThat(injected.earlyRetries()).as("re-sent before their Retry-After was over").isZero();
        }
    }
}
