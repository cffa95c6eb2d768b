package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import junction.metrics.DaemonThreads;

/**
 * Watches a counter that should keep rising (records delivered, offsets committed) on a thread of
 * its own, and answers how long it stood still at most within a window: a pause measured at the
 * poll interval's resolution rather than the monitor's second. A failed read (a broker gone, a
 * request timing out) counts as no progress, which is what the operator would see too.
 */
final class ProgressGaps implements AutoCloseable {

    private final LongSupplier counter;
    private final Duration poll;
    /** {@link System#nanoTime()} of each read that saw the counter higher than before. */
    private final List<Long> rises = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Not watching yet: {@link #start} starts the thread (tests feed {@link #rose} themselves). */
    ProgressGaps(String name, LongSupplier counter, Duration poll) {
        this.counter = counter;
        this.poll = poll;
        this.thread = DaemonThreads.thread("progress-" + name, this::watch);
    }

    static ProgressGaps start(String name, LongSupplier counter, Duration poll) {
        ProgressGaps gaps = new ProgressGaps(name, counter, poll);
        gaps.thread.start();
        return gaps;
    }

    private void watch() {
        long last = Long.MIN_VALUE;
        while (running) {
            try {
                long value = counter.getAsLong();
                if (value > last) {
                    if (last != Long.MIN_VALUE) {
                        rose(System.nanoTime());
                    }
                    last = value;
                }
            } catch (RuntimeException e) {
                // Unreadable for now: no progress seen; read again.
            }
            try {
                TimeUnit.NANOSECONDS.sleep(poll.toNanos());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void rose(long nanos) {
        rises.add(nanos);
    }

    /**
     * The longest stretch within [from, to] ({@link System#nanoTime()}) without a rise, in
     * seconds to 0.1 s: from {@code from} to the first rise, between rises, from the last to {@code to}.
     */
    synchronized double longestGapSeconds(long from, long to) {
        long longest = 0;
        long previous = from;
        for (long rise : rises) {
            if (rise <= from) {
                continue;
            }
            if (rise > to) {
                break;
            }
            longest = Math.max(longest, rise - previous);
            previous = rise;
        }
        longest = Math.max(longest, to - previous);
        return Math.round(longest / 1e8) / 10.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
