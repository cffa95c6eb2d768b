package junction.sink;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The sink's {@link SinkState} and {@link EndpointProblem}, derived from the results of its
 * requests, and the clock of time spent {@link SinkState#PAUSED}.
 *
 * <p>PAUSED means the endpoint as a whole fails, not one record: every result for at least
 * {@code outageWindow} was a failure, and the failures say so. Some do on their own: no connection
 * at all, or a refusal of the request itself (an auth or routing status). Others are ambiguous — a
 * 5xx, a reset, a response timeout can be caused by one poison record — and count only once they
 * came from at least two lanes: lanes hold disjoint keys, so two failing lanes are two unrelated
 * sets of records. A poison record therefore never pauses the pipeline; its batch is bisected and
 * it runs out of retry time alone (see {@link HttpDelivery}). With a single lane only the
 * unambiguous failures pause. Any answer that is not a failure (2xx, a 4xx refusal of records,
 * 429) ends a failing streak. DEGRADED: a failed or throttled result within the window. OK: none.
 *
 * <p>Outage policy: the time limits that would otherwise turn an outage into dead letters — a
 * batch's {@code maxRetryTime}, the wait for room in a full sink — are {@link #deadline}s that
 * stand still while PAUSED. The application pauses its input on PAUSED, so nothing new piles up.
 *
 * <p>Listeners run in order on one worker of Reactor's bounded-elastic scheduler, so they may block
 * briefly (e.g. call {@code KafkaStreams.pause()}), while results are reported from other threads.
 */
final class EndpointHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

    /** What one request's result says about the endpoint. */
    enum Result {
        /** 2xx, or a 4xx refusal of records: the endpoint is up and answers. */
        ANSWERED(null),
        /** 429, 408 or another retryable non-5xx status: up, but struggling. */
        THROTTLED(null),
        /** 5xx or a connection reset: the endpoint or one of the records; ambiguous. */
        FAILED(EndpointProblem.FAILING),
        /** No answer within the response timeout: too slow for the batch, or stuck on a record; ambiguous. */
        TIMED_OUT(EndpointProblem.SLOW),
        /** No connection could be made: nothing to do with the records. */
        UNREACHABLE(EndpointProblem.UNREACHABLE),
        /** An auth or routing status refusing the request itself (401, 403, 404, ...): nothing to do with the records. */
        REFUSED(EndpointProblem.REFUSING);

        final EndpointProblem problem;

        Result(EndpointProblem problem) {
            this.problem = problem;
        }

        boolean failure() {
            return problem != null;
        }

        /** Failures that by themselves show the endpoint, not a record, is at fault. */
        boolean endpointWide() {
            return this == UNREACHABLE || this == REFUSED;
        }
    }

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final List<Consumer<SinkState>> listeners = new CopyOnWriteArrayList<>();
    private final Scheduler.Worker notifier = Schedulers.boundedElastic().createWorker();
    private SinkState state = SinkState.OK;
    private EndpointProblem problem = EndpointProblem.NONE;
    private int lastStatus;
    private boolean failing;
    private long failingSince;
    private boolean endpointWide;
    private final BitSet failingLanes = new BitSet();
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

    /** While the sink is not OK, what is wrong with the endpoint; NONE otherwise. */
    synchronized EndpointProblem problem() {
        return state == SinkState.OK ? EndpointProblem.NONE : problem;
    }

    /** The HTTP status of the last failed result, 0 when it had none. */
    synchronized int lastStatus() {
        return lastStatus;
    }

    void onStateChange(Consumer<SinkState> listener) {
        listeners.add(listener);
    }

    /** Takes one request's result into account; quick and non-blocking. {@code lane} is the batch's lane. */
    synchronized void record(Result result, int status, int lane) {
        long now = nanoClock.getAsLong();
        if (result.failure()) {
            if (!failing) {
                failing = true;
                failingSince = now;
                endpointWide = false;
                failingLanes.clear();
            }
            failingLanes.set(lane);
            endpointWide |= result.endpointWide() || failingLanes.cardinality() >= 2;
            problem = result.problem;
            lastStatus = status;
        } else {
            failing = false;
        }
        if (result != Result.ANSWERED) {
            erred = true;
            lastError = now;
            if (result == Result.THROTTLED) {
                problem = EndpointProblem.THROTTLING;
                lastStatus = status;
            }
        }
        SinkState next = failing && endpointWide && now - failingSince >= windowNanos ? SinkState.PAUSED
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
        state = next;
        // Logged and announced off the caller's thread: results arrive on Netty's event loops.
        EndpointProblem shownProblem = next == SinkState.OK ? EndpointProblem.NONE : problem;
        int status = lastStatus;
        notifier.schedule(() -> {
            log.info("endpoint state -> {}{}", next, shownProblem == EndpointProblem.NONE ? ""
                    : " (" + shownProblem.describe(status) + ")");
            listeners.forEach(listener -> notify(listener, next));
        });
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

    /** Seconds the current pause has lasted; 0 when not PAUSED. */
    synchronized double currentPauseSeconds() {
        return state == SinkState.PAUSED ? (nanoClock.getAsLong() - pausedSince) / 1e9 : 0;
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
        notifier.dispose();
    }
}
