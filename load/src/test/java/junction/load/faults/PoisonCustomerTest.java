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
import junction.load.VerificationReport;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An endpoint that refuses three customers with 400: the sink bisects each batch holding one down
 * to that record and dead-letters it, with the status and the endpoint's answer in its headers,
 * and delivers everything else.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class PoisonCustomerTest {

    @Test
    void refusedCustomersAndOnlyThoseAreDeadLetteredWithStatusAndAnswer(EmbeddedKafka kafka) throws Exception {
        Set<String> poison = poisonCustomers();
        EndpointFaults faults = EndpointFaults.builder().rejectCustomers(poison).build();
        try (FaultTestRun run = FaultTestRun.start(kafka, "poison", faults, SinkConfig.defaults())) {
            DemoResult result = run.produceAndVerify();

            FaultTestRun.assertVerified(result);
            VerificationReport report = result.verification();
            assertThat(report.unexpectedDeadLetters()).as("other customers dead-lettered").isZero();
            assertThat(report.rejected()).as("refused customers still live").isPositive().isLessThanOrEqualTo(3);
            assertThat(result.endpoint().faults().rejected()).as("requests refused with 400").isPositive();

            List<DeadLetterTopic.Letter> letters = DeadLetterTopic.read(run.pipeline().bootstrapServers(),
                    run.deadLetterTopic(), Duration.ofSeconds(30)).letters();
            assertThat(letters).hasSize((int) result.deadLetters());
            // Every version of a refused customer is refused, so each has at least its preloaded one.
            assertThat(letters).extracting(DeadLetterTopic.Letter::key).isSubsetOf(poison)
                    .containsAll(poison);
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.headers())
                        .containsEntry(KafkaDeadLetters.STAGE_HEADER, "sink")
                        .containsEntry(KafkaDeadLetters.STATUS_HEADER, "400")
                        // Bisection sends the refused record alone, and a 400 is not retried.
                        .containsEntry(KafkaDeadLetters.ATTEMPTS_HEADER, "1")
                        .containsKey(KafkaDeadLetters.EVENT_ID_HEADER);
                assertThat(letter.headers().get(KafkaDeadLetters.RESPONSE_BODY_HEADER))
                        .contains("customer " + letter.key() + " is rejected");
                assertThat(letter.headers()).containsEntry(KafkaDeadLetters.REASON_HEADER, "rejected_by_endpoint");
                assertThat(letter.headers().get(KafkaDeadLetters.DETAIL_HEADER)).startsWith("HTTP 400: ");
            });
        }
    }

    /** Three customers of the run's data, first, middle and last by id; from a generator with its seed. */
    private static Set<String> poisonCustomers() {
        List<String> ids = List.copyOf(new TreeSet<>(
                new Generator(FaultTestRun.SEED, FaultTestRun.CUSTOMERS, FaultTestRun.SKUS).customers().keySet()));
        return Set.of(ids.get(0), ids.get(ids.size() / 2), ids.get(ids.size() - 1));
    }
}
