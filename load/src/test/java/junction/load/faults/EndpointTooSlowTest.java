package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import junction.load.AnalyticsEndpoint;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.SharedKafka;
import junction.load.Takes;
import junction.sink.SinkConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every answer comes later than the sink's response timeout (3 s against 2 s) for a while: the
 * endpoint is reachable and working, only too slow for the timeout. The sink must say so (a
 * warning that names it slow, not unreachable), dead-letter nothing, and deliver everything by
 * itself once the endpoint is fast again.
 */
@Tag("integration")
@Takes(seconds = 30)
@ExtendWith(SharedKafka.class)
class EndpointTooSlowTest {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ANSWERS = Duration.ofSeconds(3);
    private static final Duration SLOW_FOR = Duration.ofSeconds(15);
    private static final double UPDATE_RATE = 100;
    private static final Duration UPDATES = Duration.ofSeconds(25);

    @Test
    void answersSlowerThanTheTimeoutAreDiagnosedSlowAndDeliveryRecoversByItself(EmbeddedKafka kafka)
            throws Exception {
        SinkConfig sink = SinkConfig.builder().responseTimeout(RESPONSE_TIMEOUT).build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "too-slow", EndpointFaults.NONE, sink, UPDATE_RATE, UPDATES);
             AppLog log = AppLog.capture(run)) {
            AnalyticsEndpoint endpoint = run.pipeline().endpoint();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(run.pipeline()::produce);
            await("deliveries flowing").atMost(Duration.ofSeconds(60)).pollInterval(FaultTestRun.POLL)
                    .until(() -> endpoint.stats().records() > 0);

            endpoint.faults(EndpointFaults.builder().latency(ANSWERS).build());
            long slowSince = System.nanoTime();
            await("the slow phase's length").atMost(SLOW_FOR.plusSeconds(5)).pollInterval(FaultTestRun.POLL)
                    .until(() -> System.nanoTime() - slowSince >= SLOW_FOR.toNanos());
            endpoint.clearFaults();

            assertThat(log.warningsWith("slow")).as("a warning that the endpoint is too slow for the timeout")
                    .isNotEmpty();
            producing.get();
            DemoResult result = run.drainAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters: a slow endpoint is no reason to give up").isZero();
            assertThat(log.warningsWith("unreachable")).as("warnings calling a working endpoint unreachable")
                    .isEmpty();
        }
    }
}
