package junction.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Bounds the requests in flight across all lanes without blocking: a lane asks for a slot with the
 * action to run when it has one, and freed slots pass to the longest waiters. The bound is a
 * {@link ConcurrencyLimit}, fed with every request's result; when it shrinks, requests already in
 * flight finish and no new one starts until the count is below it.
 */
final class InFlightLimit {

    private final ConcurrencyLimit limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightLimit(ConcurrencyLimit limit) {
        this.limit = limit;
    }

    void acquire(Runnable onGranted) {
        synchronized (this) {
            if (inFlight >= limit.current()) {
                limit.saturated();
                waiting.add(onGranted);
                return;
            }
            inFlight++;
            if (inFlight == limit.current()) {
                limit.saturated();
            }
        }
        onGranted.run();
    }

    void release() {
        synchronized (this) {
            inFlight--;
        }
        grantWaiters();
    }

    /** One request's result, for an adaptive limit; a raised limit lets waiters start at once. */
    void onResponse(long rttNanos, boolean overload) {
        if (limit.onResponse(rttNanos, overload)) {
            grantWaiters();
        }
    }

    private void grantWaiters() {
        List<Runnable> granted = new ArrayList<>();
        synchronized (this) {
            while (!waiting.isEmpty() && inFlight < limit.current()) {
                inFlight++;
                granted.add(waiting.poll());
            }
        }
        granted.forEach(Runnable::run);
    }

    synchronized int inFlight() {
        return inFlight;
    }

    int limit() {
        return limit.current();
    }
}
