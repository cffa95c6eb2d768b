package junction.sink;

import java.time.Duration;

/**
 * How many records a request may carry now, so that requests fit the endpoint's speed. An answer
 * that takes more than half the response timeout, or none within it, halves the limit (down to one
 * record); an answer within a quarter of it, for a batch that used the whole limit, raises it by a
 * quarter, back up to {@code maxBatchRecords}. So a batch too big for the endpoint to answer in
 * time shrinks instead of timing out again and again, and grows back when the endpoint recovers.
 */
final class BatchSizeLimit {

    private final int max;
    private final long slowNanos;
    private final long fastNanos;
    private volatile int limit;

    BatchSizeLimit(int maxBatchRecords, Duration responseTimeout) {
        this.max = maxBatchRecords;
        this.limit = maxBatchRecords;
        this.slowNanos = responseTimeout.toNanos() / 2;
        this.fastNanos = responseTimeout.toNanos() / 4;
    }

    int limit() {
        return limit;
    }

    /** One answer (or timeout) for a batch of {@code records} after {@code nanos}; quick and non-blocking. */
    synchronized void onResponse(int records, long nanos, boolean timedOut) {
        if (timedOut || nanos > slowNanos) {
            limit = Math.max(1, Math.min(limit, records) / 2);
        } else if (nanos < fastNanos && records >= limit && limit < max) {
            limit = Math.min(max, limit + Math.max(1, limit / 4));
        }
    }
}
