package junction.ingest;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Drives a {@link Generator} into an {@link InputProducer}: the initial load as fast as the producer
 * takes it, then updates at a target rate. One thread runs the job (the generator is not
 * thread-safe); any thread may read {@link #produced()} or call {@link #stop()}.
 */
public final class IngestJob {

    private final Generator generator;
    private final InputProducer producer;
    private final AtomicLong produced = new AtomicLong();
    private volatile boolean stopped;
    private volatile Thread runner;

    public IngestJob(Generator generator, InputProducer producer) {
        this.generator = generator;
        this.producer = producer;
    }

    /**
     * Sends every sku, then every customer, and returns once all are acked or failed.
     *
     * @return how many records were sent (fewer than all if stopped)
     */
    public long preload() {
        runner = Thread.currentThread();
        long sent = sendAll(generator.initialInventory());
        // The whole inventory is on the broker before the first customer, so the join finds each
        // customer's item at once instead of emitting it without and again when the item arrives.
        producer.flush();
        sent += sendAll(generator.initialCustomers());
        producer.flush();
        return sent;
    }

    private long sendAll(Stream<Change> changes) {
        long sent = 0;
        Iterator<Change> it = changes.iterator();
        while (!stopped && it.hasNext()) {
            send(it.next());
            sent++;
        }
        return sent;
    }

    /** Sends {@code count} updates at {@code ratePerSec}, then flushes; returns how many were sent. */
    public long updates(double ratePerSec, long count) {
        return paced(ratePerSec, count, Long.MAX_VALUE);
    }

    /** Sends updates at {@code ratePerSec} for {@code duration}, then flushes; returns how many were sent. */
    public long updates(double ratePerSec, Duration duration) {
        return paced(ratePerSec, Long.MAX_VALUE, duration.toNanos());
    }

    /**
     * Update number i is due i/rate seconds after the start, so the rate does not drift with the
     * time sends take: after a slow send the records that fell due go out at once. Between due
     * times the thread parks; a park may overshoot by tens of microseconds, which only groups a
     * few sends together at high rates. Each update carries its due time as its timestamp, not the
     * time it was sent: a generator that fell behind would otherwise hide the wait from the
     * end-to-end latency measured from that timestamp (coordinated omission).
     */
    private long paced(double ratePerSec, long count, long durationNanos) {
        if (!(ratePerSec > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSec);
        }
        runner = Thread.currentThread();
        double intervalNanos = 1e9 / ratePerSec;
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long sent = 0;
        while (sent < count && !stopped) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= durationNanos) {
                break;
            }
            long due = (long) (sent * intervalNanos);
            if (due > elapsed) {
                LockSupport.parkNanos(this, Math.min(due, durationNanos) - elapsed);
            } else {
                producer.send(generator.nextUpdate(), startMillis + due / 1_000_000);
                produced.incrementAndGet();
                sent++;
            }
        }
        producer.flush();
        return sent;
    }

    private void send(Change change) {
        producer.send(change);
        produced.incrementAndGet();
    }

    /** Records handed to the producer so far, over all runs of this job; usable as a LongSupplier. */
    public long produced() {
        return produced.get();
    }

    /** Ends the running and any later preload or updates after the record in hand; for any thread. */
    public void stop() {
        stopped = true;
        Thread running = runner;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }
}
