package junction.load.bench;

/**
 * Turns readings of a cumulative counter (records acked, joined, delivered) into a rate per
 * second between consecutive readings. A counter that goes down was reset (the endpoint between
 * runs): the new reading then counts from zero, so a reset never shows as a negative rate.
 * Not thread-safe: one sampling thread.
 */
final class CounterRate {

    private long previousValue;
    private long previousNanos;
    private boolean started;

    /** The rate since the previous reading; NaN for the first, which only sets the start. */
    double next(long value, long nanos) {
        double rate = Double.NaN;
        if (started && nanos > previousNanos) {
            long base = value < previousValue ? 0 : previousValue;
            rate = (value - base) * 1e9 / (nanos - previousNanos);
        }
        started = true;
        previousValue = value;
        previousNanos = nanos;
        return rate;
    }
}
