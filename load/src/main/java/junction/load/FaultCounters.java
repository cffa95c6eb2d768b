package junction.load;

import java.util.concurrent.atomic.LongAdder;

/** Counts of the ingest requests the endpoint failed on purpose, for {@code /stats}; lock-free. */
final class FaultCounters {

    private final LongAdder errors = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder slow = new LongAdder();
    private final LongAdder rejected = new LongAdder();

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

    void rejected() {
        rejected.increment();
    }

    EndpointStats.Faults snapshot() {
        return new EndpointStats.Faults(errors.sum(), throttled.sum(), resets.sum(), slow.sum(), rejected.sum());
    }
}
