package junction.sink;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Delivers records to the HTTP analytics endpoint in batches, at least once, and tells the caller
 * when each record is settled: acknowledged by the endpoint (2xx) or written to dead letters.
 *
 * <p>Records are spread over lanes by key; a lane has at most one request in flight (a bisected
 * batch's parts go one after another), so versions of a key arrive in order, and at most
 * {@code maxInFlight} requests are in flight over all lanes, fewer while the adaptive limit is lower.
 * {@link #submit} blocks its (non-Netty) caller while {@code maxBufferedRecords} records are
 * unsettled: that is the backpressure on the Kafka Streams thread. Everything after submit is
 * non-blocking; dead-letter writes, which may block in a Kafka producer, run on Reactor's
 * bounded-elastic scheduler.
 *
 * <p>The sink watches the endpoint ({@link #state()}, {@link #onStateChange}): while it is
 * {@link SinkState#PAUSED} (down), batches keep retrying without using up their retry time, and
 * the waits of {@code submit} and of the commit barrier stand still too (see {@link EndpointHealth});
 * the application is expected to pause its input meanwhile.
 */
public final class AnalyticsSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsSink.class);

    private final SinkConfig config;
    private final DeadLetters deadLetters;
    private final Semaphore room;
    private final AtomicInteger unsettled = new AtomicInteger();
    private final InFlightLimit inFlight;
    private final EndpointHealth health;
    private final Lane[] lanes;
    private final SinkMetrics metrics;
    private final HttpDelivery delivery;
    private final Backoff deadLetterBackoff;
    private final GroupGeneration generation = new GroupGeneration();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Emits when close gives up waiting: cancels deliveries and dead-letter writes still going. */
    private final Sinks.One<Boolean> abandoned = Sinks.one();
    private final Object lifecycle = new Object();
    private volatile Instant lastDelivery;
    private boolean closed;

    public AnalyticsSink(SinkConfig config, DeadLetters deadLetters, MeterRegistry registry) {
        this.config = config.validated();
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.room = new Semaphore(config.maxBufferedRecords());
        this.inFlight = new InFlightLimit(config.adaptiveConcurrency()
                ? ConcurrencyLimit.adaptive(config.maxInFlight())
                : ConcurrencyLimit.fixed(config.maxInFlight()));
        this.health = new EndpointHealth(config.outageWindow(), System::nanoTime);
        this.metrics = new SinkMetrics(registry, new SinkMetrics.Gauges(unsettled::get, inFlight::inFlight,
                inFlight::limit, () -> state() == SinkState.PAUSED ? 1 : 0));
        try {
            this.delivery = new HttpDelivery(config, metrics, inFlight, health);
            delivery.generation(generation::current);
        } catch (RuntimeException e) {
            metrics.close();
            health.close();
            throw e;
        }
        this.deadLetterBackoff = new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff());
        this.lanes = new Lane[config.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(config, Schedulers.parallel(), this::send);
        }
    }

    /** The lane of a key: stable across runs and JVMs (murmur2, as Kafka partitions keys). */
    static int laneOf(String key, int lanes) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % lanes;
    }

    /** What the sink knows of the endpoint now. */
    public SinkState state() {
        return health.state();
    }

    /** When the endpoint last acknowledged a batch; null before the first. */
    public Instant lastDelivery() {
        return lastDelivery;
    }

    /**
     * Calls {@code listener} with each new state, in order, on a thread of the sink's own where
     * blocking briefly is allowed (e.g. to pause or resume Kafka Streams).
     */
    public void onStateChange(Consumer<SinkState> listener) {
        health.onStateChange(Objects.requireNonNull(listener, "listener"));
    }

    Duration settleTimeout() {
        return config.settleTimeout();
    }

    /** {@link SinkConfig#settleTimeout()} from now, standing still while the sink is PAUSED. */
    Deadline settleDeadline() {
        return health.deadline(config.settleTimeout());
    }

    /**
     * Accepts a record; {@code onSettled} runs exactly once, on a sink thread, after the endpoint
     * acknowledged the record's batch or after the record's dead-letter write succeeded. It must be
     * quick and must not block.
     *
     * <p>Blocks while the sink already holds {@code maxBufferedRecords} unsettled records, at most
     * {@link SinkConfig#settleTimeout()} not counting time PAUSED, then throws
     * {@link RejectedExecutionException}.
     *
     * @throws IllegalStateException when called on a non-blocking thread or after close
     */
    public void submit(SinkRecord record, Runnable onSettled) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(onSettled, "onSettled");
        BlockingGuard.requireBlockingAllowed("AnalyticsSink.submit");
        awaitRoom();
        synchronized (lifecycle) {
            if (closed) {
                room.release();
                throw new IllegalStateException("the sink is closed");
            }
            unsettled.incrementAndGet();
        }
        lanes[laneOf(record.key(), lanes.length)].add(new Submission(record, onSettled, System.nanoTime()));
    }

    private void awaitRoom() {
        Deadline deadline = settleDeadline();
        try {
            long remaining;
            while ((remaining = deadline.remainingNanos()) > 0) {
                if (room.tryAcquire(Deadline.recheckNanos(remaining), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
        throw new RejectedExecutionException("the sink stayed full for " + config.settleTimeout() + ": "
                + unsettled.get() + " records unsettled (sink.maxBufferedRecords="
                + config.maxBufferedRecords() + "); is the dead-letter topic down?");
    }

    /**
     * Called by a lane that claimed a batch: once a request slot is free it takes the batch (so
     * records that arrive while every slot is busy still make this batch) and delivers it; each
     * attempt then holds a slot of its own, none while waiting to retry.
     */
    private void send(Lane lane) {
        inFlight.acquire(() -> {
            inFlight.release();
            Batch batch = Batch.of(lane.takeBatch(), config.format(), config.gzip());
            delivery.deliver(batch)
                    .flatMap(this::settle)
                    .takeUntilOther(abandoned.asMono())
                    .subscribe(
                            null,
                            error -> log.error("settling batch {} failed; its records stay unsettled",
                                    batch.idempotencyKey(), error),
                            lane::batchSettled);
        });
    }

    private Mono<Void> settle(Outcome outcome) {
        Batch batch = outcome.batch();
        if (outcome instanceof Outcome.Failed failed) {
            log.warn("dead-lettering {} records of batch {}: {}", batch.size(), batch.idempotencyKey(), failed.reason());
            return Flux.fromIterable(batch.submissions())
                    .flatMap(submission -> deadLetter(submission, failed))
                    .then();
        }
        metrics.delivered(batch);
        lastDelivery = Instant.now();
        batch.submissions().forEach(this::settled);
        return Mono.empty();
    }

    /** Writes one dead letter, retrying without end: a record whose dead letter is not written stays unsettled. */
    private Mono<Void> deadLetter(Submission submission, Outcome.Failed failed) {
        return Mono.fromFuture(() -> deadLetters.write(submission.record(), failed.reason(), failed.headers()))
                .subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
                    Duration delay = deadLetterBackoff.delay(Math.toIntExact(Math.min(signal.totalRetries() + 1, 64)));
                    log.warn("dead-letter write of event {} failed, retrying in {}: {}",
                            submission.record().eventId(), delay, signal.failure().toString());
                    return Mono.delay(delay);
                })))
                .doOnSuccess(done -> {
                    metrics.deadLettered(1, failed.cause());
                    settled(submission);
                });
    }

    private void settled(Submission submission) {
        try {
            submission.onSettled().run();
        } catch (RuntimeException e) {
            log.error("onSettled of event {} failed", submission.record().eventId(), e);
        }
        room.release();
        if (unsettled.decrementAndGet() == 0 && isClosed()) {
            drained.complete(null);
        }
    }

    private boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    /**
     * Drops the queued, not yet sent records {@code unsent} selects, and settles each of them as if
     * delivered: its onSettled runs (so the commit barrier stops waiting for it) and its room is
     * freed. Only for records whose input offsets this instance will never commit, i.e. of
     * partitions it lost: their new owner re-processes them from its committed offsets and sends
     * them itself, and sending them here too would be a zombie's write. Returns how many were dropped.
     */
    public int discardUnsent(Predicate<SinkRecord> unsent) {
        int dropped = 0;
        for (Lane lane : lanes) {
            for (Submission submission : lane.discard(unsent)) {
                settled(submission);
                dropped++;
            }
        }
        if (dropped > 0) {
            log.info("dropped {} queued records of partitions this instance lost; their new owner sends them", dropped);
        }
        return dropped;
    }

    /** Which group generation this instance's consumers are in, for the requests' header. */
    public GroupGeneration groupGeneration() {
        return generation;
    }

    /** Records accepted and not yet settled. */
    public int unsettled() {
        return unsettled.get();
    }

    /** Closes waiting at most {@link SinkConfig#settleTimeout()} for unsettled records. */
    @Override
    public void close() {
        close(config.settleTimeout());
    }

    /**
     * Stops accepting records, sends what the lanes hold without lingering, and waits at most
     * {@code timeout} for every record to settle. Records still unsettled then are abandoned: their
     * onSettled never runs, so their offsets are not committed and they are re-read after a restart.
     */
    public void close(Duration timeout) {
        BlockingGuard.requireBlockingAllowed("AnalyticsSink.close");
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Lane lane : lanes) {
            lane.drain();
        }
        if (unsettled.get() == 0) {
            drained.complete(null);
        }
        try {
            drained.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("closing the sink with {} records unsettled after {}; they will be re-read", unsettled.get(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("drained never fails", e);
        } finally {
            abandoned.tryEmitValue(true);
            delivery.dispose(Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos())));
            metrics.close();
            health.close();
        }
    }
}
