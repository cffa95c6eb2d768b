package junction.load.bench;

import java.util.List;

/**
 * What one membership change of a stream app's group cost, read from the run's per-second
 * samples between the change and the next one (or the end of the run).
 *
 * <p>Two views, since a rebalance rarely stops everything: the instances that keep their tasks
 * go on delivering while the moved tasks wait (for the new owner to restore their state, or, for
 * a killed member, for its session to time out).
 *
 * @param pauseSeconds from the change until the committed lag is back at or under the threshold
 *     for good ({@link FaultRecovery}'s rule, the change as both the fault's start and end): how
 *     long the moved tasks' records waited; capped at the window's end
 * @param settled whether the lag was back under the threshold before the window ended (if not,
 *     {@code pauseSeconds} is the whole window and the true pause is longer)
 * @param outputGapSeconds the longest stretch of samples in the window with nothing at all
 *     delivered: how long the whole output stood still (0 if it never did)
 * @param peakLag the highest committed lag sampled in the window
 */
record RebalancePause(double pauseSeconds, boolean settled, double outputGapSeconds, long peakLag) {

    /**
     * @param at when the change was made, in the samples' elapsed seconds
     * @param windowEnd the next change, or when the lag was seen at zero at the end
     * @param threshold the committed lag at or under which the app counts as back to normal
     */
    static RebalancePause of(List<BenchSample> rows, double at, double windowEnd, long threshold) {
        List<BenchSample> window = rows.stream().filter(r -> r.get(BenchSample.ELAPSED) < windowEnd).toList();
        FaultRecovery lag = FaultRecovery.of(window, at, at, at, windowEnd, threshold, 0);
        double lastLag = Double.NaN;
        for (BenchSample row : window) {
            if (row.get(BenchSample.ELAPSED) >= at && !Double.isNaN(row.get(BenchSample.LAG))) {
                lastLag = row.get(BenchSample.LAG);
            }
        }
        boolean settled = Double.isNaN(lastLag) || lastLag <= threshold;
        return new RebalancePause(lag.seconds(), settled, outputGap(window, at), lag.peakLag());
    }

    /**
     * The longest run of consecutive samples from {@code at} on that delivered nothing, from the
     * sample before its first (each sample counts the second before it) to its last.
     */
    static double outputGap(List<BenchSample> rows, double at) {
        double longest = 0;
        double runStart = Double.NaN;
        double previous = Double.NaN;
        for (BenchSample row : rows) {
            double elapsed = row.get(BenchSample.ELAPSED);
            double delivered = row.get(BenchSample.DELIVERED_PER_SEC);
            if (elapsed >= at && delivered == 0) {
                if (Double.isNaN(runStart)) {
                    runStart = Double.isNaN(previous) ? elapsed : previous;
                }
                longest = Math.max(longest, elapsed - runStart);
            } else {
                runStart = Double.NaN;
            }
            previous = elapsed;
        }
        return Math.round(longest * 10) / 10.0;
    }
}
