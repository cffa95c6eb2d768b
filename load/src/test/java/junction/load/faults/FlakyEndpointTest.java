package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
 * An endpoint that fails a third of its requests with 5xx and resets some connections: the sink
 * retries each batch until it is acknowledged, so nothing is lost or dead-lettered.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class FlakyEndpointTest {

    @Test
    void serverErrorsAndResetsAreRetriedUntilTheEndpointHoldsTheJoin(EmbeddedKafka kafka) throws Exception {
        EndpointFaults faults = EndpointFaults.builder()
                .errorRate(0.30).errorStatuses(List.of(500, 502, 503))
                .resetRate(0.05)
                .seed(1L)
                .build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "flaky", faults, SinkConfig.defaults())) {
            DemoResult result = run.produceAndVerify();

            FaultTestRun.assertVerified(result);
            assertThat(result.deadLetters()).as("dead letters").isZero();
            EndpointStats.Faults injected = result.endpoint().faults();
            assertThat(injected.errors()).as("requests answered 5xx").isPositive();
            assertThat(injected.resets()).as("connections reset").isPositive();
            // Duplicates are only reported: a failed request here kept nothing at the endpoint, yet
            // at-least-once allows re-sends, and the endpoint drops them by event id.
        }
    }
}
