package junction.app.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which offsets a round may commit: never past a letter that is not settled. */
class RoundTest {

    private static final TopicPartition P0 = new TopicPartition("junction-dlq", 0);
    private static final TopicPartition P1 = new TopicPartition("junction-dlq", 1);

    private static DeadLetter letter(TopicPartition partition, long offset) {
        return new DeadLetter(partition, offset, "sink", "HTTP 400: no", "c" + offset, "e" + offset, new byte[0],
                "400", 1, 0);
    }

    @Test
    void aSettledRoundCommitsOnePastTheLastLetterOfEachPartition() {
        Round round = new Round();
        round.add(letter(P0, 10));
        round.add(letter(P0, 11));
        round.add(letter(P1, 4));
        round.entries().get(0).skip("topology: unreadable input (x)");
        round.entries().get(1).settled();
        round.entries().get(2).rewritten("HTTP 400");
        round.entries().get(2).settled();

        assertThat(round.committable()).containsExactly(
                Map.entry(P0, new OffsetAndMetadata(12)),
                Map.entry(P1, new OffsetAndMetadata(5)));
        assertThat(round.count(Round.Fate.SKIPPED)).isEqualTo(1);
        assertThat(round.count(Round.Fate.DELIVERED)).isEqualTo(1);
        assertThat(round.count(Round.Fate.REJECTED_AGAIN)).isEqualTo(1);
    }

    @Test
    void anUnsettledLetterHoldsItsPartitionBackEvenWhenLaterOnesSettled() {
        Round round = new Round();
        round.add(letter(P0, 10));
        round.add(letter(P0, 11));
        round.add(letter(P0, 12));
        round.add(letter(P1, 4));
        round.entries().get(0).settled();
        // offset 11 is still with the sink when redrive stops
        round.entries().get(2).settled();

        assertThat(round.committable()).containsExactly(
                Map.entry(P0, new OffsetAndMetadata(11)),
                Map.entry(P1, new OffsetAndMetadata(4)));
        assertThat(round.toSend()).extracting(e -> e.letter().offset()).containsExactly(11L, 4L);
    }

    @Test
    void aLetterWrittenAnewCountsAsRejectedOnlyOnceTheSinkSettledIt() {
        Round round = new Round();
        round.add(letter(P0, 0));
        Round.Entry entry = round.entries().get(0);

        entry.rewritten("HTTP 400");

        assertThat(entry.fate()).isEqualTo(Round.Fate.TO_SEND);
        assertThat(round.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(0)));

        entry.settled();

        assertThat(entry.fate()).isEqualTo(Round.Fate.REJECTED_AGAIN);
        assertThat(entry.rejectedAgain()).isEqualTo("HTTP 400");
        assertThat(entry.record()).isSameAs(entry.record());
    }
}
