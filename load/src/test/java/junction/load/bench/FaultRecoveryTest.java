package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recovery read from per-second lag samples: updates from 10 s, the fault from 20 s to 30 s. */
class FaultRecoveryTest {

    private static final double UPDATES = 10;
    private static final double FAULT_START = 20;
    private static final double FAULT_END = 30;

    /** Samples at 1..n seconds with these lags (NaN: unreadable that second). */
    private static List<BenchSample> lags(double... lags) {
        List<BenchSample> rows = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            BenchSample.Builder row = BenchSample.at(i + 1);
            if (!Double.isNaN(lags[i])) {
                row.lag(lags[i]);
            }
            rows.add(row.build());
        }
        return rows;
    }

    /** Lag 1,000 until the fault, the given lags from 20 s on. */
    private static List<BenchSample> run(double... fromFault) {
        double[] all = new double[19 + fromFault.length];
        Arrays.fill(all, 0, 19, 1000);
        all[13] = 1500; // the pre-fault peak, at 14 s
        System.arraycopy(fromFault, 0, all, 19, fromFault.length);
        return lags(all);
    }

    @Test
    void recoveryEndsAtTheFirstSampleUnderTwiceThePreFaultPeak() {
        // 20..30 s: piling up; 31 s: 9,000; 32 s: 4,000; 33 s: 2,500 (under 3,000); then normal.
        List<BenchSample> rows = run(2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000,
                9000, 4000, 2500, 1000, 1000);

        FaultRecovery recovery = FaultRecovery.of(rows, UPDATES, FAULT_START, FAULT_END, 36, null, 100);

        assertThat(recovery.preFaultPeakLag()).isEqualTo(1500);
        assertThat(recovery.threshold()).isEqualTo(3000);
        assertThat(recovery.peakLag()).isEqualTo(12000);
        assertThat(recovery.seconds()).isEqualTo(3.0);
    }

    @Test
    void lagThatRisesOnlyAfterTheFaultEndedCountsFromTheEnd() {
        // Low when the fault ends (30 s), then stuck partitions pile lag up until 40 s.
        List<BenchSample> rows = run(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
                4000, 8000, 12000, 16000, 20000, 24000, 28000, 32000, 36000, 20000, 500);

        FaultRecovery recovery = FaultRecovery.of(rows, UPDATES, FAULT_START, FAULT_END, 45, null, 100);

        assertThat(recovery.seconds()).isEqualTo(11.0);
    }

    @Test
    void noLagOverTheThresholdAfterTheFaultIsNoRecoveryTime() {
        List<BenchSample> rows = run(8000, 2000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000);

        FaultRecovery recovery = FaultRecovery.of(rows, UPDATES, FAULT_START, FAULT_END, 32, null, 100);

        assertThat(recovery.seconds()).isZero();
        assertThat(recovery.peakLag()).isEqualTo(8000);
    }

    @Test
    void unreadableSecondsAreSkippedAndTheDrainBoundsTheEnd() {
        // Over the threshold at 31 s, unreadable after: the drain seen at 34.5 s ends the recovery.
        List<BenchSample> rows = run(5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000,
                9000, Double.NaN, Double.NaN);

        FaultRecovery recovery = FaultRecovery.of(rows, UPDATES, FAULT_START, FAULT_END, 34.5, null, 100);

        assertThat(recovery.seconds()).isEqualTo(4.5);
    }

    @Test
    void aGivenThresholdReplacesThePreFaultLevelAndATinyRunUsesTheFloor() {
        List<BenchSample> rows = run(5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 900);

        assertThat(FaultRecovery.of(rows, UPDATES, FAULT_START, FAULT_END, 40, 10_000L, 100).seconds()).isZero();
        assertThat(FaultRecovery.of(rows, UPDATES, FAULT_START, FAULT_END, 40, 10_000L, 100).threshold()).isEqualTo(10_000);
        // No sample in the pre-fault window (updates began 1 s before the fault): the floor holds.
        FaultRecovery tiny = FaultRecovery.of(rows, 19, FAULT_START, FAULT_END, 40, null, 1000);
        assertThat(tiny.preFaultPeakLag()).isZero();
        assertThat(tiny.threshold()).isEqualTo(1000);
        assertThat(tiny.seconds()).isEqualTo(2.0);
    }
}
