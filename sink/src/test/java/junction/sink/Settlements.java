package junction.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often each submitted record's onSettled ran, by event id. */
final class Settlements {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    Runnable of(SinkRecord record) {
        AtomicInteger count = counts.computeIfAbsent(record.eventId(), id -> new AtomicInteger());
        return count::incrementAndGet;
    }

    int settled(SinkRecord record) {
        return counts.get(record.eventId()).get();
    }

    /** Records settled at least once. */
    long settledRecords() {
        return counts.values().stream().filter(c -> c.get() > 0).count();
    }

    /** Records settled more than once: must stay zero. */
    long settledTwice() {
        return counts.values().stream().filter(c -> c.get() > 1).count();
    }
}
