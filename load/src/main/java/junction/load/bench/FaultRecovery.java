package junction.load.bench;

import java.time.Duration;
import java.util.List;

/**
 * How a fault showed in the app's committed lag, read from a run's per-second samples
 * ({@link BenchSample#LAG}; seconds in which the lag could not be read are skipped).
 *
 * @param seconds recovery time: from the fault's end to the first sample at or under the
 *     threshold after the last sample over it, or to the moment the lag was seen at zero if no
 *     sample came before that; 0 if the lag was never over the threshold after the fault's end.
 *     Taking the last crossing, not the first, matters: lag can still be low when a fault ends
 *     and build up after it (a group waiting for a departed member's session to time out).
 * @param threshold the lag, in records, at or under which the app counts as recovered
 * @param peakLag the highest lag sampled from the fault's start on
 * @param preFaultPeakLag the highest lag sampled in the update phase before the fault, after
 *     {@link #WARM_UP_SECONDS} seconds of warm-up: the level of normal operation
 */
record FaultRecovery(double seconds, long threshold, long peakLag, long preFaultPeakLag) {

    static final double WARM_UP_SECONDS = 3;
    /**
     * The default threshold as a multiple of the pre-fault peak: committed lag counts the inputs
     * and the join's repartition topics (an inventory update fans out to every customer pointing
     * at it) and offsets commit once a second, so a healthy app swings widely; "recovered" means
     * back within the swing it had before the fault.
     */
    static final int PRE_FAULT_MULTIPLE = 2;

    /**
     * @param updatesStart when the update phase began, in the samples' elapsed seconds
     * @param faultStart when the fault began
     * @param faultEnd when it ended
     * @param drained when the lag was seen at zero at the end of the run
     * @param fixedThreshold the threshold given ({@code --recovery-lag}), or null for
     *     {@link #PRE_FAULT_MULTIPLE} times the pre-fault peak, at least {@code floor}
     * @param floor the least default threshold (a run too short to have a pre-fault peak)
     */
    static FaultRecovery of(List<BenchSample> rows, double updatesStart, double faultStart, double faultEnd,
            double drained, Long fixedThreshold, long floor) {
        long preFaultPeak = 0;
        long peak = 0;
        for (BenchSample row : rows) {
            double at = row.get(BenchSample.ELAPSED);
            double lag = row.get(BenchSample.LAG);
            if (Double.isNaN(lag)) {
                continue;
            }
            if (at >= updatesStart + WARM_UP_SECONDS && at < faultStart) {
                preFaultPeak = Math.max(preFaultPeak, (long) lag);
            }
            if (at >= faultStart) {
                peak = Math.max(peak, (long) lag);
            }
        }
        long threshold = fixedThreshold != null ? fixedThreshold : Math.max(floor, PRE_FAULT_MULTIPLE * preFaultPeak);
        int lastAbove = -1;
        for (int i = 0; i < rows.size(); i++) {
            double lag = rows.get(i).get(BenchSample.LAG);
            if (rows.get(i).get(BenchSample.ELAPSED) >= faultEnd && !Double.isNaN(lag) && lag > threshold) {
                lastAbove = i;
            }
        }
        if (lastAbove < 0) {
            return new FaultRecovery(0, threshold, peak, preFaultPeak);
        }
        double recovered = drained;
        for (int i = lastAbove + 1; i < rows.size(); i++) {
            if (!Double.isNaN(rows.get(i).get(BenchSample.LAG))) {
                // The first readable sample after the last one over the threshold is under it.
                recovered = Math.min(drained, rows.get(i).get(BenchSample.ELAPSED));
                break;
            }
        }
        Duration took = Duration.ofMillis(Math.round(Math.max(0, recovered - faultEnd) * 1000));
        return new FaultRecovery(BenchFigures.seconds(took), threshold, peak, preFaultPeak);
    }
}
