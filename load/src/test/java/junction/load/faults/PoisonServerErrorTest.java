package junction.load.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import junction.app.topics.DeadLetterTopic;
import junction.ingest.Generator;
import junction.load.DemoResult;
import junction.load.EmbeddedKafka;
import junction.load.EndpointFaults;
import junction.load.SharedKafka;
import junction.load.Takes;
import junction.load.VerificationReport;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One customer whose records make the endpoint fail (500 to any request holding it, 200 to the
 * rest): a retryable error that never heals. The sink must find that record among the others
 * (bisecting what keeps failing), dead-letter only it once {@code maxRetryTime} is spent, with
 * reason {@code retries_exhausted} and status 500, and keep everything else flowing: the
 * committed lag drains and the rest is verified at the endpoint.
 */
@Tag("integration")
@Takes(seconds = 30)
@ExtendWith(SharedKafka.class)
class PoisonServerErrorTest {

    private static final Duration MAX_RETRY_TIME = Duration.ofSeconds(5);

    @Test
    void onlyTheCustomerTheEndpointFailsOnIsDeadLetteredAfterItsRetriesAndTheRestFlows(EmbeddedKafka kafka)
            throws Exception {
        String poison = middleCustomer();
        EndpointFaults faults = EndpointFaults.builder().rejectCustomers(Set.of(poison)).rejectStatus(500).build();
        SinkConfig sink = SinkConfig.builder().maxRetryTime(MAX_RETRY_TIME).build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "poison-5xx", faults, sink)) {
            run.watchCommits();
            DemoResult result = run.produceAndVerify();

            FaultTestRun.assertVerified(result);
            VerificationReport report = result.verification();
            assertThat(report.unexpectedDeadLetters()).as("other customers dead-lettered").isZero();
            assertThat(result.endpoint().faults().rejected()).as("requests answered 500 for the poison").isPositive();

            List<DeadLetterTopic.Letter> letters = DeadLetterTopic.read(run.pipeline().bootstrapServers(),
                    run.deadLetterTopic(), Duration.ofSeconds(30)).letters();
            assertThat(letters).extracting(DeadLetterTopic.Letter::key).as("dead-lettered customers")
                    .containsOnly(poison);
            assertThat(letters).allSatisfy(letter -> assertThat(letter.headers())
                    .containsEntry(KafkaDeadLetters.STAGE_HEADER, KafkaDeadLetters.SINK_STAGE)
                    .containsEntry(KafkaDeadLetters.REASON_HEADER, "retries_exhausted")
                    .containsEntry(KafkaDeadLetters.STATUS_HEADER, "500"));
        }
    }

    /** A customer of the run's data, the middle one by id; from a generator with the run's seed. */
    private static String middleCustomer() {
        List<String> ids = List.copyOf(new TreeSet<>(
                new Generator(FaultTestRun.SEED, FaultTestRun.CUSTOMERS, FaultTestRun.SKUS).customers().keySet()));
        return ids.get(ids.size() / 2);
    }
}
