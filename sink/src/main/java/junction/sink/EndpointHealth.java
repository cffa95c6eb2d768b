package junction.sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's {@link SinkState}, derived from the results of its requests, and the clock of time
 * spent {@link SinkState#PAUSED}.
 *
 * <p>PAUSED: every result for at least {@code outageWindow} was a connection error, timeout or 5xx;
 * any other answer (2xx, 4xx, 429) shows the endpoint is up. DEGRADED: a failed or throttled
 * result within the window. OK: none. The state only changes when a result arrives, which during
 * an outage is at least every {@code retryMaxBackoff} plus the connect timeout, since lanes keep
 * probing.
 *
 * <p>Outage policy: the time limits that would otherwise turn an outage into dead letters or a dead
 * stream thread — a batch's {@code maxRetryTime}, the wait for room in a full sink, the commit's
 * wait for settlement — are {@link #deadline}s that stand still while PAUSED. The application
 * pauses its input on PAUSED, so nothing new piles up while they stand still.
 *
 * <p>Listeners run in order on one thread of their own, so they may block briefly (e.g. call
 * {@code KafkaStreams.pause()}), while results are reported from Netty threads.
 */
final class EndpointHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

    /** What one request's result says about the endpoint. */
    enum Result {
        /** 2xx, or a 4xx refusal of records: the endpoint is up. */
        ANSWERED,
        /** 429, 408 or another retryable non-5xx status: up, but struggling. */
        THROTTLED,
        /** No response (connection error, timeout) or 5xx. */
        DOWN;

        static Result of(int status, boolean retryable) {
            if (status == 0 || status >= 500) {
                return DOWN;
            }
            return retryable ? THROTTLED : ANSWERED;
        }
    }

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final List<Consumer<SinkState>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "junction-sink-state");
        thread.setDaemon(true);
        return thread;
    });
    private SinkState state = SinkState.OK;
    private boolean failing;
    private long failingSince;
    private boolean erred;
    private long lastError;
    private long pausedBefore;
    private long pausedSince;

    EndpointHealth(Duration outageWindow, LongSupplier nanoClock) {
        this.windowNanos = outageWindow.toNanos();
        this.nanoClock = nanoClock;
    }

    synchronized SinkState state() {
        return state;
    }

    void onStateChange(Consumer<SinkState> listener) {
        listeners.add(listener);
    }

    /** Takes one request's result into account; quick and non-blocking. */
    synchronized void record(Result result) {
        long now = nanoClock.getAsLong();
        if (result == Result.DOWN) {
            if (!failing) {
                failing = true;
                failingSince = now;
            }
        } else {
            failing = false;
        }
        if (result != Result.ANSWERED) {
            erred = true;
            lastError = now;
        }
        SinkState next = failing && now - failingSince >= windowNanos ? SinkState.PAUSED
                : erred && now - lastError < windowNanos ? SinkState.DEGRADED
                : SinkState.OK;
        if (next != state) {
            change(next, now);
        }
    }

    private void change(SinkState next, long now) {
        if (next == SinkState.PAUSED) {
            pausedSince = now;
        } else if (state == SinkState.PAUSED) {
            pausedBefore += now - pausedSince;
        }
        log.info("endpoint state {} -> {}", state, next);
        state = next;
        notifier.execute(() -> listeners.forEach(listener -> notify(listener, next)));
    }

    private static void notify(Consumer<SinkState> listener, SinkState state) {
        try {
            listener.accept(state);
        } catch (RuntimeException e) {
            log.error("a sink state listener failed on {}", state, e);
        }
    }

    /** Nanoseconds spent PAUSED since this object was made, the current pause included. */
    synchronized long pausedNanos() {
        return pausedBefore + (state == SinkState.PAUSED ? nanoClock.getAsLong() - pausedSince : 0);
    }

    /** A deadline {@code limit} from now that stands still while the sink is PAUSED. */
    Deadline deadline(Duration limit) {
        long start = nanoClock.getAsLong();
        long pausedAtStart = pausedNanos();
        long limitNanos = limit.toNanos();
        return () -> limitNanos - (nanoClock.getAsLong() - start - (pausedNanos() - pausedAtStart));
    }

    @Override
    public void close() {
        notifier.shutdown();
    }
}
