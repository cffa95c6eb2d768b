package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import junction.load.EventAccount.Emission;
import org.junit.jupiter.api.Test;

/** The event accounting on hand-made output logs: delivered, dead-lettered, superseded, lost, gaps. */
class EventAccountTest {

    private static Emission at(long offset, String customer, String eventId) {
        return new Emission(0, offset, customer, eventId);
    }

    @Test
    void everyEventReceivedOrDeadLetteredIsAccounted() {
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a"), at(1, "c2", "b"), at(2, "c1", "c"), at(3, "c1", "c")),
                Set.of("a", "c"), List.of("b"), 0);

        assertThat(account).isEqualTo(new EventAccount(3, 2, 1, 0, 0, 0, List.of()));
        assertThat(account.ok()).isTrue();
    }

    @Test
    void anIntermediateVersionThatNeverArrivedIsLostEvenThoughALaterOneDid() {
        // What a final-view check cannot see: c1's later version "c" hides the lost "b".
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a"), at(1, "c1", "b"), at(2, "c1", "c")), Set.of("a", "c"), List.of(), 0);

        assertThat(account.lost()).isEqualTo(1);
        assertThat(account.superseded()).isZero();
        assertThat(account.ok()).isFalse();
        assertThat(account.examples()).singleElement().asString().contains("lost event b of c1");
    }

    @Test
    void aVersionReplacedAfterItsStretchWasProcessedAgainIsSupersededNotLost() {
        // Offsets 0-2 were emitted, the instance died before delivering 1 and 2; re-processing
        // emitted "a" again (same state) and c2's record with other content ("y" instead of "x").
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a"), at(1, "c2", "x"), at(2, "c3", "z"), at(3, "c1", "a"), at(4, "c2", "y"),
                        at(5, "c3", "z")),
                Set.of("a", "y", "z"), List.of(), 0);

        assertThat(account).isEqualTo(new EventAccount(4, 3, 0, 1, 0, 0, List.of()));
    }

    @Test
    void anUndeliveredRecordInAReplayedStretchWithoutALaterDeliveredVersionIsLost() {
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a"), at(1, "c2", "x"), at(2, "c1", "a")), Set.of("a"), List.of(), 0);

        assertThat(account.lost()).isEqualTo(1);
        assertThat(account.superseded()).isZero();
    }

    @Test
    void offsetsWithoutAnEventIdAndKnownGapsAreUnaccountable() {
        EventAccount account = EventAccount.account(List.of(at(0, "c1", "a"), at(1, "c1", null)), Set.of("a"),
                List.of(), 3);

        assertThat(account.unaccountable()).isEqualTo(4);
        assertThat(account.ok()).isFalse();
    }
}
