package junction.load.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Prometheus histogram's cumulative buckets, read from a {@code /metrics} page, e.g. the app's
 * {@code junction_stream_latency_seconds_bucket}: the bench takes two readings and the quantiles of
 * what was recorded between them.
 *
 * @param counts cumulative count per upper bound in seconds ({@code le}), {@code +Inf} included
 */
record LatencyBuckets(TreeMap<Double, Double> counts) {

    /** The buckets of {@code histogram} (its name without {@code _bucket}) on a {@code /metrics} page. */
    static LatencyBuckets parse(String metrics, String histogram) {
        String prefix = histogram + "_bucket{";
        TreeMap<Double, Double> counts = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            int end = line.indexOf('"', le + 4);
            String bound = line.substring(le + 4, end);
            double upper = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            counts.merge(upper, AppCounters.value(line), Double::sum);
        }
        return new LatencyBuckets(counts);
    }

    /** What was recorded after {@code earlier} and up to this reading. */
    LatencyBuckets since(LatencyBuckets earlier) {
        TreeMap<Double, Double> diff = new TreeMap<>();
        counts.forEach((upper, count) -> diff.put(upper, count - earlier.counts.getOrDefault(upper, 0.0)));
        return new LatencyBuckets(diff);
    }

    long count() {
        return counts.isEmpty() ? 0 : Math.round(counts.lastEntry().getValue());
    }

    /**
     * The upper bound, in milliseconds, of the bucket holding quantile {@code q}: the value is at
     * most that; -1 if nothing was recorded, and the largest finite bound if it lies beyond them.
     */
    long quantileMs(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        double rank = q * total;
        double largestFinite = 0;
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (Double.isFinite(bucket.getKey())) {
                largestFinite = bucket.getKey();
            }
            if (bucket.getValue() >= rank) {
                return Math.round((Double.isFinite(bucket.getKey()) ? bucket.getKey() : largestFinite) * 1000);
            }
        }
        return Math.round(largestFinite * 1000);
    }
}
