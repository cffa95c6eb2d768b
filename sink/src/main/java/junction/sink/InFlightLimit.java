package junction.sink;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Bounds the requests in flight across all lanes without blocking: a lane asks for a slot with the
 * action to run when it has one, and a released slot passes straight to the longest waiter. The
 * limit lives here alone so an adaptive (AIMD) limit can replace it later.
 */
final class InFlightLimit {

    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightLimit(int limit) {
        this.limit = limit;
    }

    void acquire(Runnable onGranted) {
        synchronized (this) {
            if (inFlight >= limit) {
                waiting.add(onGranted);
                return;
            }
            inFlight++;
        }
        onGranted.run();
    }

    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
