package junction.sink;

/**
 * The limit on requests in flight: fixed, or adaptive by additive increase and multiplicative
 * decrease (AIMD), after Vector's adaptive request concurrency.
 *
 * <p>Adaptive: responses are judged in windows of as many responses as the current limit (about
 * one round trip's worth). A window that saw an error (connection error, timeout, 429, 5xx), or
 * whose mean round-trip time exceeds the baseline by more than {@link #RTT_TOLERANCE}, halves the
 * limit; a clean window in which the limit was actually reached raises it by one (an idle sink
 * learns nothing about the endpoint, so it does not grow). The baseline is an exponentially
 * weighted mean of the windows' RTTs, so a lasting slowdown becomes the new normal after a few
 * windows. The limit stays within [1, max].
 *
 * <p>Pure and thread-safe: no clock, no I/O; callers report results and read {@link #current()}.
 */
final class ConcurrencyLimit {

    /** A window's mean RTT above baseline * (1 + this) counts as an overload signal. */
    static final double RTT_TOLERANCE = 0.5;
    /** Weight of the latest window in the RTT baseline. */
    static final double BASELINE_WEIGHT = 0.2;
    static final int ADAPTIVE_START = 2;

    private final boolean adaptive;
    private final int max;
    private int limit;
    private double baselineNanos;
    private int responses;
    private int successes;
    private long rttSumNanos;
    private boolean failed;
    private boolean saturated;

    private ConcurrencyLimit(boolean adaptive, int initial, int max) {
        this.adaptive = adaptive;
        this.max = max;
        this.limit = initial;
    }

    static ConcurrencyLimit fixed(int limit) {
        return new ConcurrencyLimit(false, limit, limit);
    }

    /** Starts at {@value #ADAPTIVE_START} (or {@code max} if lower) and never exceeds {@code max}. */
    static ConcurrencyLimit adaptive(int max) {
        return new ConcurrencyLimit(true, Math.min(ADAPTIVE_START, max), max);
    }

    synchronized int current() {
        return limit;
    }

    /** All slots are taken, or a request waited for one: the limit is what holds the sink back. */
    synchronized void saturated() {
        saturated = true;
    }

    /**
     * One request's result: its round-trip time, and whether it failed in a way that asks for less
     * load. Returns true when this ended a window and the limit may have changed.
     */
    synchronized boolean onResponse(long rttNanos, boolean overload) {
        if (!adaptive) {
            return false;
        }
        responses++;
        if (overload) {
            failed = true;
        } else {
            successes++;
            rttSumNanos += rttNanos;
        }
        if (responses < limit) {
            return false;
        }
        double meanRtt = successes == 0 ? 0 : (double) rttSumNanos / successes;
        boolean slow = successes > 0 && baselineNanos > 0 && meanRtt > baselineNanos * (1 + RTT_TOLERANCE);
        if (failed || slow) {
            limit = Math.max(1, limit / 2);
        } else if (saturated) {
            limit = Math.min(max, limit + 1);
        }
        if (successes > 0) {
            baselineNanos = baselineNanos == 0 ? meanRtt : baselineNanos + BASELINE_WEIGHT * (meanRtt - baselineNanos);
        }
        responses = 0;
        successes = 0;
        rttSumNanos = 0;
        failed = false;
        saturated = false;
        return true;
    }
}
