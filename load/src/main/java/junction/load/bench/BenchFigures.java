package junction.load.bench;

import java.time.Duration;

/**
 * The arithmetic behind a benchmark's headline numbers, kept apart from the processes that
 * produce the counts so it can be checked on its own. Rates are whole records per second;
 * ratios keep three decimals; a figure without a meaningful denominator is 0.
 */
public final class BenchFigures {

    private BenchFigures() {
    }

    /** Records per second over the elapsed time, rounded to a whole record. */
    public static long perSecond(long records, Duration elapsed) {
        if (elapsed.isZero() || elapsed.isNegative()) {
            return 0;
        }
        return Math.round(records * 1e9 / elapsed.toNanos());
    }

    /** {@code numerator / denominator} to three decimals; 0 when the denominator is not positive. */
    public static double ratio(double numerator, double denominator) {
        if (!(denominator > 0)) {
            return 0.0;
        }
        return Math.round(numerator / denominator * 1000.0) / 1000.0;
    }

    /** Seconds to one decimal, for phases in the report. */
    public static double seconds(Duration elapsed) {
        return Math.round(elapsed.toMillis() / 100.0) / 10.0;
    }

    /** The largest value, ignoring NaN (unmeasured); 0 if there is none. */
    public static double peak(double[] values) {
        double peak = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(peak) || v > peak)) {
                peak = v;
            }
        }
        return Double.isNaN(peak) ? 0.0 : peak;
    }

    /** The mean, ignoring NaN (unmeasured); 0 if there is none. */
    public static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }
}
