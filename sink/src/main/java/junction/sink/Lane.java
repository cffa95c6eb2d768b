package junction.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import reactor.core.scheduler.Scheduler;

/**
 * The queue of one lane and its batching decision. A lane is "busy" from the moment it asks for a
 * request slot until its batch is settled, and only a lane that is not busy starts a batch: so a
 * lane never has two requests in flight and the versions of a key arrive in order. While busy, the
 * queue keeps filling, so a slow endpoint gets fuller batches.
 *
 * <p>A batch starts when the queue holds the batch size limit ({@code maxBatchRecords}, lower while
 * the endpoint is slow: {@link BatchSizeLimit}), or its framed size reaches {@code maxBatchBytes},
 * or its oldest record has waited {@code linger}, or the sink is draining — or at once when the
 * lane is idle, having sent nothing for a linger period: batching is for load, and a record that
 * arrives at a quiet lane should not wait for company that is not coming. While the lane delivers
 * a backlog (its oldest record more than ten {@code backlogLinger}s old since its source
 * timestamp) the linger period is {@code backlogLinger}: the record was late already, the wait adds
 * at most a tenth to its latency, and each request carries more records.
 * All state changes happen under the lane's monitor, briefly and without blocking calls, since
 * they run on the submitting thread, on Netty threads and on timer threads alike.
 */
final class Lane {

    private final SinkConfig config;
    private final long lingerNanos;
    private final long backlogLingerNanos;
    /** A record at least this old (ms since its source timestamp) is part of a backlog. */
    private final long backlogAgeMillis;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMillis;
    private final IntSupplier batchLimit;
    private final Scheduler timers;
    private final Consumer<Lane> dispatch;
    private final Queue<Submission> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean busy;
    private boolean draining;
    private boolean timerArmed;
    private long lastClaimNanos;

    /** {@code dispatch} is called (outside the monitor) when the lane has claimed a batch to send. */
    Lane(SinkConfig config, IntSupplier batchLimit, Scheduler timers, Consumer<Lane> dispatch) {
        this(config, batchLimit, timers, dispatch, System::nanoTime, System::currentTimeMillis);
    }

    Lane(SinkConfig config, IntSupplier batchLimit, Scheduler timers, Consumer<Lane> dispatch,
            LongSupplier nanoClock, LongSupplier wallClockMillis) {
        this.config = config;
        this.batchLimit = batchLimit;
        this.lingerNanos = config.linger().toNanos();
        this.backlogLingerNanos = config.backlogLinger().toNanos();
        this.backlogAgeMillis = 10 * config.backlogLinger().toMillis();
        this.nanoClock = nanoClock;
        this.wallClockMillis = wallClockMillis;
        this.lastClaimNanos = nanoClock.getAsLong() - Long.MAX_VALUE / 2;
        this.timers = timers;
        this.dispatch = dispatch;
    }

    void add(Submission submission) {
        boolean claimed;
        synchronized (this) {
            queue.add(submission);
            queuedBytes += submission.record().body().length;
            claimed = claimIfReady();
        }
        dispatchIf(claimed);
    }

    /** From now on the lane sends whatever it has at once, without lingering. */
    void drain() {
        boolean claimed;
        synchronized (this) {
            draining = true;
            claimed = claimIfReady();
        }
        dispatchIf(claimed);
    }

    /** The lane's batch is settled: the lane may start its next one. */
    void batchSettled() {
        boolean claimed;
        synchronized (this) {
            busy = false;
            claimed = claimIfReady();
        }
        dispatchIf(claimed);
    }

    /** Takes the next batch off the queue, as many records as the limits allow; called by the claimant. */
    List<Submission> takeBatch() {
        synchronized (this) {
            int limit = batchLimit.getAsInt();
            List<Submission> batch = new ArrayList<>(Math.min(queue.size(), limit));
            long bytes = 0;
            while (!queue.isEmpty() && batch.size() < limit) {
                int next = queue.peek().record().body().length;
                if (!batch.isEmpty()
                        && config.format().encodedSize(batch.size() + 1, bytes + next) > config.maxBatchBytes()) {
                    break;
                }
                batch.add(queue.poll());
                bytes += next;
            }
            queuedBytes -= bytes;
            return batch;
        }
    }

    /**
     * Takes the queued records {@code unsent} selects off the queue and returns them; the batch in
     * flight is not touched (it is already on its way).
     */
    List<Submission> discard(Predicate<SinkRecord> unsent) {
        List<Submission> dropped = new ArrayList<>();
        synchronized (this) {
            Iterator<Submission> queued = queue.iterator();
            while (queued.hasNext()) {
                Submission next = queued.next();
                if (unsent.test(next.record())) {
                    queued.remove();
                    queuedBytes -= next.record().body().length;
                    dropped.add(next);
                }
            }
        }
        return dropped;
    }

    private void lingerExpired() {
        boolean claimed;
        synchronized (this) {
            timerArmed = false;
            claimed = claimIfReady();
        }
        dispatchIf(claimed);
    }

    private void dispatchIf(boolean claimed) {
        if (claimed) {
            dispatch.accept(this);
        }
    }

    /**
     * Under the monitor: claims the queue for a batch if one is due, else makes sure a timer will
     * look again when the oldest record's linger is over. At most one timer is armed; one that
     * fires after its batch already went only re-checks, which is cheaper than cancelling.
     */
    private boolean claimIfReady() {
        if (busy || queue.isEmpty()) {
            return false;
        }
        long now = nanoClock.getAsLong();
        Submission oldest = queue.peek();
        long waited = now - oldest.arrivedNanos();
        long linger = lingerFor(oldest);
        boolean due = draining
                || waited >= linger
                || now - lastClaimNanos >= linger
                || queue.size() >= batchLimit.getAsInt()
                || config.format().encodedSize(queue.size(), queuedBytes) >= config.maxBatchBytes();
        if (due) {
            busy = true;
            lastClaimNanos = now;
            return true;
        }
        if (!timerArmed) {
            timerArmed = true;
            long delay = Math.min(linger - waited, linger - (now - lastClaimNanos));
            timers.schedule(this::lingerExpired, delay, TimeUnit.NANOSECONDS);
        }
        return false;
    }

    /** The linger period for a batch that starts with {@code oldest}: longer while it is part of a backlog. */
    private long lingerFor(Submission oldest) {
        long ageMillis = wallClockMillis.getAsLong() - oldest.record().sourceTimestamp();
        return ageMillis >= backlogAgeMillis ? Math.max(lingerNanos, backlogLingerNanos) : lingerNanos;
    }
}
