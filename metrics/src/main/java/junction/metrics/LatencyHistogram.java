package junction.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * The cumulative buckets of a timer's percentile histogram at one moment. The difference of two
 * snapshots holds only the values recorded in between, so percentiles over any window can be
 * estimated the way Prometheus' {@code histogram_quantile} does: linear interpolation inside the
 * bucket the rank falls into, the highest finite bound when it falls beyond.
 */
record LatencyHistogram(double[] boundsMs, double[] cumulativeCounts, double count) {

    static final LatencyHistogram EMPTY = new LatencyHistogram(new double[0], new double[0], 0);

    static LatencyHistogram of(Timer timer) {
        if (timer == null) {
            return EMPTY;
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = buckets[i].count();
        }
        return new LatencyHistogram(bounds, counts, snapshot.count());
    }

    /** The values recorded after {@code earlier}; both must come from the same timer. */
    LatencyHistogram minus(LatencyHistogram earlier) {
        if (earlier.boundsMs.length != boundsMs.length) {
            return this;
        }
        double[] counts = new double[cumulativeCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = cumulativeCounts[i] - earlier.cumulativeCounts[i];
        }
        return new LatencyHistogram(boundsMs, counts, count - earlier.count);
    }

    /** The q-quantile in milliseconds; NaN without values or without histogram buckets. */
    double quantileMs(double q) {
        if (count <= 0 || boundsMs.length == 0) {
            return Double.NaN;
        }
        double rank = q * count;
        for (int i = 0; i < boundsMs.length; i++) {
            if (cumulativeCounts[i] >= rank) {
                double lowerBound = i == 0 ? 0 : boundsMs[i - 1];
                double lowerCount = i == 0 ? 0 : cumulativeCounts[i - 1];
                double inBucket = cumulativeCounts[i] - lowerCount;
                return inBucket <= 0 ? boundsMs[i]
                        : lowerBound + (boundsMs[i] - lowerBound) * (rank - lowerCount) / inBucket;
            }
        }
        return boundsMs[boundsMs.length - 1];
    }
}
