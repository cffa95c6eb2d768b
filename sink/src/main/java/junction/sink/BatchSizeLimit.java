package junction.sink;

import java.time.Duration;
import java.util.Arrays;

/**
 * How many records a request may carry now, so that requests fit the endpoint's speed. An answer
 * that takes more than half the response timeout, or none within it, halves the limit (down to one
 * record); an answer within a quarter of it, for a batch that used the whole limit, raises it by a
 * quarter, back up to {@code maxBatchRecords}. So a batch too big for the endpoint to answer in
 * time shrinks instead of timing out again and again, and grows back when the endpoint recovers.
 *
 * <p>An answer between a quarter and half the timeout caps the limit at twice that batch's size.
 * When an endpoint slows down suddenly (a crawl), records pile up in each lane while its request
 * waits, and without the cap the next request would carry the whole pile: a 3 s answer for 40
 * records is followed by requests of 250 that the endpoint, shared by every lane, cannot answer
 * within the timeout. Those time out, nothing settles, and commits stand still for a whole
 * response timeout. An endpoint whose answers take long whatever their size loses nothing: its
 * full batches stay full.
 *
 * <p>A crawl shows first in answers quicker than a quarter of the timeout: small batches, already
 * out when it began, come back in under a second, but far slower than the endpoint's usual answer
 * (the median of the last 64). Such an answer, {@value #SLOWDOWN} times the usual or more, caps the
 * limit at what the endpoint would answer in a quarter of the timeout at the speed it just showed
 * (never below twice that batch); without it the pile behind went out whole, and commits stood
 * still for up to a whole timeout (EndpointCrawlTest: gaps of 17.8 and 18.9 s against its 15 s
 * bound). An endpoint that is slow but steady is never ten times its own usual, so its batches
 * keep their size.
 *
 * <p>It starts at {@value #START} records (or the maximum, if lower) and grows from there: an
 * endpoint of unknown speed first gets batches it can answer quickly, so the first commits do not
 * wait for the first requests to time out; a fast endpoint grows it to the maximum within a few
 * requests (about ten fast full batches).
 */
final class BatchSizeLimit {

    private final int max;
    private final long slowNanos;
    private final long fastNanos;
    private volatile int limit;
    /** The last answers' times (a timeout counts as the timeout), for the p99 a log line quotes. */
    private final long[] recent = new long[64];
    private int recorded;

    static final int START = 64;
    /** An answer this many times slower than the usual one is a slowdown, not the endpoint's way. */
    static final int SLOWDOWN = 10;

    BatchSizeLimit(int maxBatchRecords, Duration responseTimeout) {
        this.max = maxBatchRecords;
        this.limit = Math.min(START, maxBatchRecords);
        this.slowNanos = responseTimeout.toNanos() / 2;
        this.fastNanos = responseTimeout.toNanos() / 4;
    }

    int limit() {
        return limit;
    }

    /** One answer (or timeout) for a batch of {@code records} after {@code nanos}; quick and non-blocking. */
    synchronized void onResponse(int records, long nanos, boolean timedOut) {
        long usual = recentMedianNanos();
        recent[recorded++ % recent.length] = nanos;
        if (timedOut || nanos > slowNanos) {
            limit = Math.max(1, Math.min(limit, records) / 2);
        } else if (nanos >= fastNanos) {
            limit = Math.min(limit, Math.max(1, 2 * records));
        } else {
            if (usual > 0 && nanos > SLOWDOWN * usual && nanos >= fastNanos / 10) {
                // A sudden slowdown: at the speed this answer showed, the next batch should be
                // answered within a quarter of the timeout (never below twice this batch).
                long atThatSpeed = records * fastNanos / nanos;
                limit = (int) Math.min(limit, Math.max(2L * records, atThatSpeed));
            }
            if (records >= limit && limit < max) {
                limit = Math.min(max, limit + Math.max(1, limit / 4));
            }
        }
    }

    /** The median of the answers recorded so far (the last 64); 0 before the first. */
    private long recentMedianNanos() {
        int n = Math.min(recorded, recent.length);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }

    /** The 99th percentile of the last 64 answers' times, in seconds; NaN before the first. */
    synchronized double recentP99Seconds() {
        int n = Math.min(recorded, recent.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)] / 1e9;
    }
}
