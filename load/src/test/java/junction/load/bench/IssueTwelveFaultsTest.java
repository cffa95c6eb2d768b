package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import junction.load.CommitWatcher;
import org.junit.jupiter.api.Test;

/** What issue 12's fault scenarios require beyond the verifier, judged from their figures alone. */
class IssueTwelveFaultsTest {

    private static CommitWatcher.Report commits(double gapSeconds, boolean leftStable, boolean membersChanged) {
        return new CommitWatcher.Report(gapSeconds, leftStable, Set.of("Stable"), membersChanged, 100, 10, 0);
    }

    private static FaultRun run() {
        return new FaultRun(null, "bench-test", List.of(), Duration.ofSeconds(30));
    }

    @Test
    void theCrawlPassesOnlyIfCommitsAdvanceEveryThirtySeconds() {
        Fault crawl = EndpointMisbehaviour.crawl();

        assertThat(crawl.problem(run(), commits(29.5, false, false))).isNull();
        assertThat(crawl.problem(run(), commits(31.0, false, false)))
                .isEqualTo("committed offsets stood still for 31.0 s while there was lag; at most 30s allowed");
        assertThat(EndpointMisbehaviour.flaky().problem(run(), commits(300, false, false)))
                .as("no commit requirement of its own").isNull();
    }

    @Test
    void anOutagePassesOnlyIfNobodyWasEvicted() {
        Fault outage = new EndpointOutage(Duration.ofMinutes(7));

        assertThat(outage.problem(run(), commits(400, false, false))).isNull();
        assertThat(outage.problem(run(), commits(1, true, false))).contains("left Stable or changed members");
        assertThat(outage.problem(run(), commits(1, false, true))).contains("members changed: true");
    }

    @Test
    void exactlyOncePassesOnlyOnAnExitTwoWithOneLineNamingTheOption() {
        Fault eos = new ExactlyOnceRefusal();
        FaultRun refused = run();
        refused.figure("eosStarted", false);
        refused.figure("eosExitCode", 2);
        refused.figure("eosRefusal", "run: --processing-guarantee exactly_once_v2 cannot be used with the HTTP sink");
        FaultRun started = run();
        started.figure("eosStarted", true);
        FaultRun failedOtherwise = run();
        failedOtherwise.figure("eosStarted", false);
        failedOtherwise.figure("eosExitCode", 1);
        failedOtherwise.figure("eosRefusal", "");

        assertThat(eos.problem(refused, commits(0, false, false))).isNull();
        assertThat(eos.problem(started, commits(0, false, false))).contains("started; expected a refusal at start");
        assertThat(eos.problem(failedOtherwise, commits(0, false, false))).contains("exited with 1");
    }
}
