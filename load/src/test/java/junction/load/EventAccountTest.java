package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import junction.load.EventAccount.Emission;
import org.junit.jupiter.api.Test;

/** The event accounting on hand-made output logs: delivered, dead-lettered, superseded, lost, gaps. */
class EventAccountTest {

    /**
     * An instance emitted a1, a2 (response 11, never delivered) and x1 (response 12) and died; after
     * the restart x1 came again (5,000 ms), then b.
     */
    private static final List<Emission> REEMITTED_X1_FIRST = List.of(emitted(0, "c1", "a1", 10, 1_000),
            emitted(1, "c1", "a2", 11, 1_001), emitted(2, "c2", "x1", 12, 1_002), emitted(3, "c2", "x1", 12, 5_000),
            emitted(4, "c1", "b", 13, 5_001));
    /**
     * An instance emitted a1, a2 (response 11, never delivered) and x1 (response 14) and died; its
     * successor emitted b (response 13, 4,500 ms), then x1 again.
     */
    private static final List<Emission> EMITTED_B_FIRST = List.of(emitted(0, "c1", "a1", 10, 1_000),
            emitted(1, "c1", "a2", 11, 1_001), emitted(2, "c2", "x1", 14, 1_002), emitted(3, "c1", "b", 13, 4_500),
            emitted(4, "c2", "x1", 14, 4_501));

    private static Emission at(long offset, String customer, String eventId) {
        return new Emission(0, offset, customer, eventId, null, -1);
    }

    /** A record that the response at {@code responseOffset} of the join's response partition caused. */
    private static Emission at(long offset, String customer, String eventId, long responseOffset) {
        return emitted(offset, customer, eventId, responseOffset, 1_000 + offset);
    }

    private static Emission emitted(long offset, String customer, String eventId, long responseOffset, long atMillis) {
        return new Emission(0, offset, customer, eventId, "responses/0/" + responseOffset, atMillis);
    }

    private static CommitHistory commitsOfResponses(CommitHistory.Commit... commits) {
        return new CommitHistory(Map.of("responses/0", List.of(commits)));
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
                List.of(at(0, "c1", "a", 10), at(1, "c2", "x", 11), at(2, "c3", "z", 12), at(3, "c1", "a", 10),
                        at(4, "c2", "y", 11), at(5, "c3", "z", 12)),
                Set.of("a", "y", "z"), List.of(), 0);

        assertThat(account).isEqualTo(new EventAccount(4, 3, 0, 1, 0, 0, List.of()));
    }

    @Test
    void anUndeliveredRecordInAReplayedStretchWithoutALaterDeliveredVersionIsLost() {
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a", 10), at(1, "c2", "x", 11), at(2, "c1", "a", 10)), Set.of("a"), List.of(), 0);

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

    @Test
    void aRecordReEmittedWithAnotherIdFromTheSameResponseProvesItsStretchWasProcessedAgain() {
        // Responses 10-12 were processed, nothing after 10 delivered, the instance died. The new
        // owner restored newer state from the changelogs, so responses 11 and 12 join to other
        // content than before ("x2", "b"): no id repeats, only the origins show the going back.
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a1", 10), at(1, "c2", "x1", 11), at(2, "c1", "a2", 12), at(3, "c2", "x2", 11),
                        at(4, "c1", "b", 12)),
                Set.of("a1", "x2", "b"), List.of(), 0);

        assertThat(account).isEqualTo(new EventAccount(5, 3, 0, 2, 0, 0, List.of()));
    }

    @Test
    void aRecordWhoseResponsesOnlyMovedForwardIsLostEvenIfItsCustomerGotALaterVersion() {
        // What a commit without delivery looks like: "a2" was skipped, consumption never went back.
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a1", 10), at(1, "c1", "a2", 11), at(2, "c2", "x", 12), at(3, "c1", "b", 13)),
                Set.of("a1", "x", "b"), List.of(), 0);

        assertThat(account.lost()).isEqualTo(1);
        assertThat(account.superseded()).isZero();
        assertThat(account.examples()).singleElement().asString()
                .contains("lost event a2 of c1", "origin responses/0/11", "no proof its input was consumed again",
                        "0@responses/0/10=received 1@responses/0/11=missing 3@responses/0/13=received");
    }

    @Test
    void aGoingBackOnOneResponsePartitionCoversOnlyWhatCameAfterThatOffset() {
        // Back to 12, not to 11: "a2" (from 11) was committed, so not seeing it is a loss.
        EventAccount account = EventAccount.account(
                List.of(at(0, "c1", "a2", 11), at(1, "c2", "x1", 12), at(2, "c2", "x2", 12), at(3, "c1", "b", 13)),
                Set.of("x2", "b"), List.of(), 0);

        assertThat(account.lost()).isEqualTo(1);
        assertThat(account.superseded()).isEqualTo(1); // x1, replaced by x2
    }

    @Test
    void aRestartFromACommitAtOrBelowARecordsInputCoversItEvenWhenItsReprocessingEmittedNothing() {
        // The instance died after emitting a2 (response 11) and x1 (12), neither delivered, with 11
        // committed. The new owner dropped response 11 (c1 had changed since) and re-emitted 12.
        List<Emission> log = REEMITTED_X1_FIRST;

        EventAccount withoutHistory = EventAccount.account(log, Set.of("a1", "x1", "b"), List.of(), 0);
        EventAccount restartedAt11 = EventAccount.account(log, Set.of("a1", "x1", "b"), List.of(), 0,
                commitsOfResponses(new CommitHistory.Commit(900, 11)));

        assertThat(withoutHistory.lost()).as("the output alone cannot prove response 11 was consumed again").isEqualTo(1);
        assertThat(restartedAt11).isEqualTo(new EventAccount(4, 3, 0, 1, 0, 0, List.of()));
    }

    @Test
    void aCommitPastAnUndeliveredRecordBeforeTheRestartMakesItLost() {
        // The same log, but the dead instance had committed 12 at 1,500 ms with a2 undelivered:
        // exactly what a commit that does not wait for the endpoint does.
        List<Emission> log = REEMITTED_X1_FIRST;

        EventAccount account = EventAccount.account(log, Set.of("a1", "x1", "b"), List.of(), 0,
                commitsOfResponses(new CommitHistory.Commit(900, 11), new CommitHistory.Commit(1_500, 12),
                        new CommitHistory.Commit(6_000, 14)));

        assertThat(account.lost()).isEqualTo(1);
        assertThat(account.examples()).singleElement().asString().contains("lost event a2 of c1");
    }

    @Test
    void aCommitTheRestartedInstanceMadeBeforeItsFirstRecordDoesNotHideWhereItBegan() {
        // The instance died after emitting a2 (response 11, undelivered) and x1 (14), with 11
        // committed at 900 ms. Its successor held the partition from the generation that formed at
        // 3,000 ms, read 11 and 12 (dropped: c1 had changed since), committed 13 at 4,000 ms and only
        // then emitted b (13, going back below 14) and x1 again.
        List<Emission> log = EMITTED_B_FIRST;
        Map<String, List<CommitHistory.Commit>> commits = Map.of("responses/0",
                List.of(new CommitHistory.Commit(900, 11), new CommitHistory.Commit(4_000, 13)));
        Map<String, String> groupOf = Map.of("responses/0", "app");

        EventAccount withoutGenerations = EventAccount.account(log, Set.of("a1", "b", "x1"), List.of(), 0,
                new CommitHistory(commits, Map.of(), groupOf));
        EventAccount withGenerations = EventAccount.account(log, Set.of("a1", "b", "x1"), List.of(), 0,
                new CommitHistory(commits, Map.of("app", List.of(300L, 3_000L)), groupOf));

        assertThat(withoutGenerations.lost()).as("the successor's own commit, 13, read as where it began").isEqualTo(1);
        assertThat(withGenerations).isEqualTo(new EventAccount(4, 3, 0, 1, 0, 0, List.of()));
    }

    @Test
    void aCommitPastAnUndeliveredRecordBeforeTheSuccessorsGenerationStillMakesItLost() {
        // As above, but the dead instance had committed 12 at 1,500 ms with a2 (response 11) undelivered.
        List<Emission> log = EMITTED_B_FIRST;
        CommitHistory history = new CommitHistory(Map.of("responses/0", List.of(new CommitHistory.Commit(900, 11),
                new CommitHistory.Commit(1_500, 12), new CommitHistory.Commit(4_000, 13))),
                Map.of("app", List.of(300L, 3_000L)), Map.of("responses/0", "app"));

        EventAccount account = EventAccount.account(log, Set.of("a1", "b", "x1"), List.of(), 0, history);

        assertThat(account.lost()).isEqualTo(1);
        assertThat(account.examples()).singleElement().asString().contains("lost event a2 of c1")
                .contains("restarted from at most 12");
    }
}
