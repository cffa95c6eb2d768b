package junction.sink;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Counts, per submitting thread, the sink records not yet settled, and lets that thread wait until
 * its count is zero. Kafka Streams commits a task's offsets on the stream thread that processed
 * its records, right after flushing that thread's producer; making the flush wait here means an
 * offset only moves once every record processed before it is delivered or dead-lettered.
 *
 * <p>Settling never blocks (an atomic decrement and at most an unpark), so it may run on Netty
 * threads.
 */
public final class DeliveryBarrier {

    private final ThreadLocal<Unsettled> perThread = ThreadLocal.withInitial(() -> new Unsettled(Thread.currentThread()));

    /** The unsettled records of one thread, and the thread to wake when they reach zero. */
    private static final class Unsettled {
        private final Thread owner;
        private final AtomicInteger count = new AtomicInteger();

        Unsettled(Thread owner) {
            this.owner = owner;
        }

        void settleOne() {
            if (count.decrementAndGet() == 0) {
                LockSupport.unpark(owner);
            }
        }
    }

    /**
     * Counts one more unsettled record for the calling thread; returns the action that settles it,
     * to pass as the sink's onSettled. Running the action again has no effect.
     */
    public Runnable register() {
        Unsettled unsettled = perThread.get();
        unsettled.count.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                unsettled.settleOne();
            }
        };
    }

    /** The calling thread's records not yet settled. */
    public int unsettled() {
        return perThread.get().count.get();
    }

    /**
     * Waits until every record the calling thread registered is settled.
     *
     * @throws TimeoutException when some are still unsettled after {@code timeout}
     */
    public void awaitSettled(Duration timeout) {
        awaitSettled(Deadline.after(timeout), timeout);
    }

    /**
     * As {@link #awaitSettled(Duration)}, until {@code deadline}, which may stand still (while the
     * sink is PAUSED); {@code timeout} is only for the message.
     */
    void awaitSettled(Deadline deadline, Duration timeout) {
        BlockingGuard.requireBlockingAllowed("DeliveryBarrier.awaitSettled");
        Unsettled unsettled = perThread.get();
        int left;
        while ((left = unsettled.count.get()) > 0) {
            long remaining = deadline.remainingNanos();
            if (remaining <= 0) {
                throw new TimeoutException(left + " sink records of thread " + unsettled.owner.getName()
                        + " still unsettled after " + timeout);
            }
            LockSupport.parkNanos(this, Deadline.recheckNanos(remaining));
            if (Thread.interrupted()) {
                throw new InterruptException("interrupted while waiting for " + left + " sink records to settle");
            }
        }
    }
}
