package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A membership change's cost read from per-second samples of lag and delivered rate. */
class RebalancePauseTest {

    private static final double NAN = Double.NaN;

    /** Samples at 1..n seconds: lag and delivered records per second (NaN: unreadable). */
    private static List<BenchSample> rows(double[] lag, double[] delivered) {
        List<BenchSample> rows = new ArrayList<>();
        for (int i = 0; i < lag.length; i++) {
            BenchSample.Builder row = BenchSample.at(i + 1).throughput(NAN, NAN, delivered[i]);
            if (!Double.isNaN(lag[i])) {
                row.lag(lag[i]);
            }
            rows.add(row.build());
        }
        return rows;
    }

    @Test
    void thePauseRunsFromTheChangeUntilTheLagIsBackUnderTheThresholdForGood() {
        // The change at 3 s; the lag climbs while moved tasks wait, dips, climbs again, is back at 8 s.
        List<BenchSample> rows = rows(
                new double[] {100, 100, 100, 900, 400, 1200, 700, 200, 100, 100},
                new double[] {500, 500, 500, 0, 0, 0, 300, 800, 500, 500});

        RebalancePause pause = RebalancePause.of(rows, 3, 10, 300);

        assertThat(pause.pauseSeconds()).isEqualTo(5.0);
        assertThat(pause.settled()).isTrue();
        assertThat(pause.peakLag()).isEqualTo(1200);
        // Nothing delivered in the samples at 4, 5 and 6 s: from 3 s to 6 s.
        assertThat(pause.outputGapSeconds()).isEqualTo(3.0);
    }

    @Test
    void aPauseStillGoingAtTheNextChangeIsCappedThereAndNotSettled() {
        List<BenchSample> rows = rows(
                new double[] {100, 100, 800, 900, 1000, 100},
                new double[] {500, 500, 200, 200, 200, 500});

        // The next change at 5 s: the sample at 6 s, back under, belongs to the next window.
        RebalancePause pause = RebalancePause.of(rows, 2, 5, 300);

        assertThat(pause.pauseSeconds()).isEqualTo(3.0);
        assertThat(pause.settled()).isFalse();
        assertThat(pause.outputGapSeconds()).isZero();
    }

    @Test
    void aChangeThatNeverRaisedTheLagCostsNothing() {
        List<BenchSample> rows = rows(new double[] {100, NAN, 200, 100}, new double[] {500, NAN, 500, 500});

        RebalancePause pause = RebalancePause.of(rows, 1, 4, 300);

        assertThat(pause.pauseSeconds()).isZero();
        assertThat(pause.settled()).isTrue();
        assertThat(pause.outputGapSeconds()).isZero();
    }

    @Test
    void anUnreadableSecondBreaksAnOutputGapRatherThanCountingAsOne() {
        List<BenchSample> rows = rows(new double[] {0, 0, 0, 0, 0}, new double[] {500, 0, NAN, 0, 500});

        assertThat(RebalancePause.outputGap(rows, 1)).isEqualTo(1.0);
    }
}
