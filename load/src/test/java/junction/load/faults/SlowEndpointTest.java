package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.SharedKafka;
import junction.sink.SinkConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An endpoint that answers a share of requests only after the sink's response timeout: the sink
 * gives up on those, re-sends them, and still ends with everything delivered. A re-send of
 * records the endpoint did keep counts as duplicates, which it drops by event id.
 *
 * <p>The share and the timeout are small because each slow request holds up the commit that waits
 * for it (the delivery barrier), and the stream thread with it: at 10 % and 2 s the run took 83 s.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class SlowEndpointTest {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void requestsSlowerThanTheResponseTimeoutAreResentAndNothingIsLost(EmbeddedKafka kafka) throws Exception {
        EndpointFaults faults = EndpointFaults.builder()
                .slowRate(0.05)
                .slowDelay(RESPONSE_TIMEOUT.plusSeconds(1))
                .seed(4L)
                .build();
        SinkConfig sink = SinkConfig.builder().responseTimeout(RESPONSE_TIMEOUT).build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "slow", faults, sink)) {
            DemoResult result = run.produceAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters").isZero();
            assertThat(result.endpoint().faults().slow()).as("requests slower than the response timeout").isPositive();
        }
    }
}
