package junction.sink;

import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Bounds the requests in flight across all lanes without blocking: a lane asks for a slot with the
 * action to run when it has one, and freed slots pass to the longest waiters. The bound is a
 * {@link ConcurrencyLimit}, fed with every request's result; when it shrinks, requests already in
 * flight finish and no new one starts until the count is below it. A slot is held for one attempt
 * only: a batch waiting out its retry backoff holds none, so it does not stall the other lanes.
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

    /**
     * A slot as a Mono: emits once one is free; the subscriber must release it. Cancelled while
     * waiting, the slot it is granted later is handed straight back.
     */
    Mono<Slot> slot() {
        return Mono.create(sink -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            sink.onCancel(() -> cancelled.set(true));
            acquire(() -> {
                Slot slot = new Slot();
                if (cancelled.get()) {
                    slot.release();
                } else {
                    sink.success(slot);
                }
            });
        });
    }

    /** One granted slot; releasing it twice frees it once. */
    final class Slot {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                InFlightLimit.this.release();
            }
        }
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
