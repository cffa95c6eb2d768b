package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitWatcherTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("customers", 0);
    private static final TopicPartition P1 = new TopicPartition("customers", 1);
    private static final Set<String> MEMBERS = Set.of("m1");

    private static long s(double seconds) {
        return (long) (seconds * 1e9);
    }

    @Test
    void theLongestGapIsBetweenAdvancesWhileThereIsLag() {
        CommitWatcher.Tracker tracker = new CommitWatcher.Tracker();
        tracker.observe(s(0), Map.of(P0, 10L, P1, 5L), 100, GroupState.STABLE, MEMBERS);
        tracker.observe(s(1), Map.of(P0, 10L, P1, 5L), 120, GroupState.STABLE, MEMBERS);
        tracker.observe(s(4), Map.of(P0, 10L, P1, 5L), 140, GroupState.STABLE, MEMBERS);
        // One partition moving is an advance.
        tracker.observe(s(5), Map.of(P0, 10L, P1, 6L), 139, GroupState.STABLE, MEMBERS);
        tracker.observe(s(6), Map.of(P0, 10L, P1, 6L), 139, GroupState.STABLE, MEMBERS);

        CommitWatcher.Report report = tracker.report();
        assertThat(report.longestGapSeconds()).isEqualTo(4.0);
        assertThat(report.peakLag()).isEqualTo(140);
        assertThat(report.noEviction()).isTrue();
        assertThat(report.polls()).isEqualTo(5);
    }

    @Test
    void standingStillWithNothingToCommitIsNoGap() {
        CommitWatcher.Tracker tracker = new CommitWatcher.Tracker();
        tracker.observe(s(0), Map.of(P0, 10L), 0, GroupState.STABLE, MEMBERS);
        tracker.observe(s(30), Map.of(P0, 10L), 0, GroupState.STABLE, MEMBERS);
        tracker.observe(s(31), Map.of(P0, 10L), 5, GroupState.STABLE, MEMBERS);
        tracker.observe(s(33), Map.of(P0, 15L), 0, GroupState.STABLE, MEMBERS);

        assertThat(tracker.report().longestGapSeconds()).as("from the lag's start at 30 s to 31 s").isEqualTo(1.0);
    }

    @Test
    void aGroupThatLeavesStableOrChangesMembersIsReported() {
        CommitWatcher.Tracker rebalanced = new CommitWatcher.Tracker();
        rebalanced.observe(s(0), Map.of(), 0, GroupState.PREPARING_REBALANCE, Set.of());
        rebalanced.observe(s(1), Map.of(), 0, GroupState.STABLE, MEMBERS);
        assertThat(rebalanced.report().noEviction()).as("joining before the first Stable is no eviction").isTrue();
        rebalanced.observe(s(2), Map.of(), 0, GroupState.EMPTY, Set.of());
        assertThat(rebalanced.report().leftStable()).isTrue();
        assertThat(rebalanced.report().statesSeen()).containsExactlyInAnyOrder("PreparingRebalance", "Stable", "Empty");

        CommitWatcher.Tracker rejoined = new CommitWatcher.Tracker();
        rejoined.observe(s(0), Map.of(), 0, GroupState.STABLE, MEMBERS);
        rejoined.observe(s(1), Map.of(), 0, GroupState.STABLE, Set.of("m2"));
        assertThat(rejoined.report().membersChanged()).isTrue();
        assertThat(rejoined.report().leftStable()).as("seen Stable only").isFalse();
        assertThat(rejoined.report().noEviction()).isFalse();
    }

    @Test
    void failedReadingsAreCountedAndChangeNothing() {
        CommitWatcher.Tracker tracker = new CommitWatcher.Tracker();
        tracker.observe(s(0), Map.of(P0, 1L), 10, GroupState.STABLE, MEMBERS);
        tracker.failed();

        assertThat(tracker.report().failedPolls()).isEqualTo(1);
        assertThat(tracker.report().polls()).isEqualTo(2);
        assertThat(tracker.report().longestGapSeconds()).isZero();
    }
}
