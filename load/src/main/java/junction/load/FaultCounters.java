package junction.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the ingest requests the endpoint failed on purpose, for {@code /stats}; lock-free.
 * Also whether clients honour the {@code Retry-After} of a 429: a request that re-sends the
 * idempotency key of a throttled one is a retry of it, early if it comes before the delay is over.
 */
final class FaultCounters {

    private final LongAdder errors = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder slow = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder throttleRetries = new LongAdder();
    private final LongAdder earlyRetries = new LongAdder();
    /** Idempotency key of a throttled request -> System.nanoTime() before which a retry is early. */
    private final Map<String, Long> throttledUntil = new ConcurrentHashMap<>();

    void count(FaultInjector.Verdict verdict) {
        if (verdict.slow()) {
            slow.increment();
        }
        switch (verdict.answer()) {
            case ERROR -> errors.increment();
            case THROTTLE -> throttled.increment();
            case RESET -> resets.increment();
            case NORMAL -> {
                // Not failed on purpose (a rejected customer is counted once the body is read).
            }
        }
    }

    /** A request answered with the down window's status. */
    void downStatusAnswered() {
        errors.increment();
    }

    void rejected() {
        rejected.increment();
    }

    /**
     * A request arrived with this idempotency key (null: none); called before its answer is
     * decided. Each 429 is matched by the next request with its key only, so entries do not pile
     * up for clients that retry, and a key throttled again starts a new wait.
     */
    void arrived(String idempotencyKey, long nowNanos) {
        if (idempotencyKey == null) {
            return;
        }
        Long until = throttledUntil.remove(idempotencyKey);
        if (until != null) {
            throttleRetries.increment();
            if (nowNanos - until < 0) {
                earlyRetries.increment();
            }
        }
    }

    /** A 429 asking to wait {@code retryAfter} is being sent now for the request with this key. */
    void throttled(String idempotencyKey, Duration retryAfter, long nowNanos) {
        if (idempotencyKey != null) {
            throttledUntil.put(idempotencyKey, nowNanos + retryAfter.toNanos());
        }
    }

    EndpointStats.Faults snapshot() {
        return new EndpointStats.Faults(errors.sum(), throttled.sum(), resets.sum(), slow.sum(), rejected.sum(),
                throttleRetries.sum(), earlyRetries.sum());
    }
}
