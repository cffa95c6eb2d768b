package junction.load;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The endpoint's crawl ({@link EndpointFaults#crawlRate()}): one worker, shared by all requests,
 * that gets through a fixed number of records per second, taking requests in arrival order. A
 * request of n records is answered once the worker spent n / rate seconds on it, so the records
 * answered over any stretch never exceed the rate however the client splits them into requests.
 * A request its client gave up on leaves the queue (the time already spent on it is lost, as a
 * real server's would be), and idle time builds no credit: a crawling service does not speed up
 * because it rested.
 */
final class CrawlBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** A request waiting for its turn; {@code dueNanos} is set once it is at the head. */
    private static final class Waiter {
        final int records;
        final MonoSink<Void> admitted;
        long dueNanos;

        Waiter(int records, MonoSink<Void> admitted) {
            this.records = records;
            this.admitted = admitted;
        }
    }

    private final int recordsPerSecond;
    private final Scheduler timer;
    private final LongSupplier nanoClock;
    // Guarded by this.
    private final Deque<Waiter> waiting = new ArrayDeque<>();
    /** When the worker finished the last request it admitted (System.nanoTime()); it cannot start before. */
    private long busyUntil;
    private Disposable headTimer;

    /** @param recordsPerSecond above 0 */
    CrawlBucket(int recordsPerSecond) {
        this(recordsPerSecond, Schedulers.parallel(), System::nanoTime);
    }

    CrawlBucket(int recordsPerSecond, Scheduler timer, LongSupplier nanoClock) {
        if (recordsPerSecond <= 0) {
            throw new IllegalArgumentException("recordsPerSecond must be above 0, was " + recordsPerSecond);
        }
        this.recordsPerSecond = recordsPerSecond;
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.busyUntil = nanoClock.getAsLong();
    }

    /** Completes once the worker got through {@code records}; cancelling it leaves the queue. */
    Mono<Void> admit(int records) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(records, sink);
            synchronized (this) {
                waiting.addLast(waiter);
                if (waiting.size() == 1) {
                    startHead();
                }
            }
            sink.onCancel(() -> leave(waiter));
        });
    }

    /** The head starts now or when the worker is free, whichever is later. Caller holds the lock. */
    private void startHead() {
        Waiter head = waiting.peekFirst();
        if (head == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        long start = busyUntil - now > 0 ? busyUntil : now;
        head.dueNanos = start + Math.multiplyExact((long) head.records, NANOS_PER_SECOND) / recordsPerSecond;
        headTimer = timer.schedule(this::admitHead, head.dueNanos - now, TimeUnit.NANOSECONDS);
    }

    private void admitHead() {
        Waiter head;
        synchronized (this) {
            head = waiting.pollFirst();
            if (head == null) {
                return;
            }
            busyUntil = head.dueNanos;
            startHead();
        }
        head.admitted.success();
    }

    private void leave(Waiter waiter) {
        synchronized (this) {
            boolean wasHead = waiting.peekFirst() == waiter;
            if (!waiting.remove(waiter) || !wasHead) {
                return;
            }
            headTimer.dispose();
            // The worker stops on it now: the next request starts at once.
            busyUntil = nanoClock.getAsLong();
            startHead();
        }
    }
}
