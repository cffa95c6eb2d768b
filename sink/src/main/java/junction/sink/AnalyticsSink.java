package junction.sink;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
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
 *
 * <p>Backpressure in two steps. The sink is under <em>pressure</em> ({@link #onPressureChange})
 * once it holds more unsettled records than it delivers in {@code maxUnsettledTime} at its measured
 * rate, or half of {@code maxBufferedBytes}; the app then pauses its input, so what a commit can
 * trail by and what a crash replays stay a few seconds of deliveries at any endpoint speed.
 * {@link #submit} blocks its (non-Netty) caller only at the hard limits, {@code maxBufferedRecords}
 * or {@code maxBufferedBytes}, which the pause normally keeps it from reaching. Everything after
 * submit is non-blocking; batch encoding and dead-letter writes run on Reactor's schedulers, off
 * Netty's event loops.
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
    private final Object room = new Object();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final AtomicLong unsettledBytes = new AtomicLong();
    private final AtomicLong deliveredCount = new AtomicLong();
    private final BatchSizeLimit batchLimit;
    private final Scheduler.Worker pressureNotifier = Schedulers.boundedElastic().createWorker();
    private final Disposable rateSampler;
    private volatile double deliveryRate = Double.NaN;
    private volatile int unsettledLimit;
    private final SinkPressure pressure = new SinkPressure(task -> pressureNotifier.schedule(task), this::pressureFigures);
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
        this.batchLimit = new BatchSizeLimit(config.maxBatchRecords(), config.responseTimeout());
        this.unsettledLimit = config.maxBufferedRecords() / 2;
        this.inFlight = new InFlightLimit(config.adaptiveConcurrency()
                ? ConcurrencyLimit.adaptive(config.maxInFlight())
                : ConcurrencyLimit.fixed(config.maxInFlight()));
        this.health = new EndpointHealth(config.outageWindow(), System::nanoTime);
        this.metrics = new SinkMetrics(registry, new SinkMetrics.Gauges(unsettled::get, unsettledBytes::get,
                inFlight::inFlight, inFlight::limit, () -> state() == SinkState.PAUSED ? 1 : 0, batchLimit::limit,
                () -> unsettledLimit, this::problem));
        try {
            this.delivery = new HttpDelivery(config, metrics, inFlight, health, batchLimit);
            delivery.generation(generation::current);
        } catch (RuntimeException e) {
            metrics.close();
            health.close();
            throw e;
        }
        this.deadLetterBackoff = new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff());
        this.lanes = new Lane[config.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(config, batchLimit::limit, Schedulers.parallel(), this::send);
        }
        this.rateSampler = Schedulers.parallel().schedulePeriodically(this::sampleRate,
                RATE_SAMPLE.toMillis(), RATE_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static final Duration RATE_SAMPLE = Duration.ofSeconds(1);
    private long lastDeliveredCount;
    private boolean backlogDuringSample;

    /**
     * Once a second: the delivery rate, as an average that weighs recent seconds more, taken only
     * over seconds that had a backlog (otherwise it measures the input, not the endpoint), and the
     * unsettled limit that follows from it.
     */
    private void sampleRate() {
        long delivered = deliveredCount.get();
        long perSample = delivered - lastDeliveredCount;
        lastDeliveredCount = delivered;
        boolean backlog = backlogDuringSample;
        backlogDuringSample = unsettled.get() > 0;
        double previous = deliveryRate;
        // Before the first delivery a second with nothing delivered is the first answers' latency,
        // not the endpoint's capacity: a rate of 0 there would hold the input back at the floor.
        if (!backlog || (Double.isNaN(previous) && perSample == 0)) {
            return;
        }
        double rate = perSample / (RATE_SAMPLE.toNanos() / 1e9);
        deliveryRate = Double.isNaN(previous) ? rate : 0.7 * previous + 0.3 * rate;
        long floor = 2L * lanes.length * batchLimit.limit();
        long byRate = (long) (deliveryRate * config.maxUnsettledTime().toNanos() / 1e9);
        unsettledLimit = (int) Math.min(config.maxBufferedRecords() / 2, Math.max(floor, byRate));
        updatePressure();
    }

    /**
     * Calls {@code listener} with true when the sink comes under pressure and false when it has
     * room again, on a thread of the sink's own where blocking briefly is allowed.
     */
    public void onPressureChange(Consumer<Boolean> listener) {
        pressure.onChange(listener);
    }

    private void updatePressure() {
        pressure.update(this::overLimit, this::clearOfLimit);
    }

    /** Pressure starts at the unsettled limit or at half the byte buffer... */
    private boolean overLimit() {
        return unsettled.get() >= unsettledLimit || unsettledBytes.get() >= config.maxBufferedBytes() / 2;
    }

    /** ...and ends at half of each, so the input is not paused and resumed on every record. */
    private boolean clearOfLimit() {
        return unsettled.get() <= unsettledLimit / 2 && unsettledBytes.get() <= config.maxBufferedBytes() / 4;
    }

    private String pressureFigures() {
        return unsettled.get() + " records (" + unsettledBytes.get() + " bytes) unsettled, limit " + unsettledLimit
                + " (" + Math.round(deliveryRate) + " records/s for " + config.maxUnsettledTime() + ")";
    }

    /** Records delivered per second recently, measured while there was a backlog; NaN before the first measure. */
    public double deliveryRate() {
        return deliveryRate;
    }

    /** What is wrong with the endpoint while the sink is not OK. */
    public EndpointProblem problem() {
        return health.problem();
    }

    /** The HTTP status behind the current problem, 0 when none. */
    public int problemStatus() {
        return health.lastStatus();
    }

    /** The 99th percentile of the last 64 requests' response times (a timeout counts as the timeout), in seconds. */
    public double recentResponseP99Seconds() {
        return batchLimit.recentP99Seconds();
    }

    /** Records per request now: {@code maxBatchRecords}, lower while the endpoint is slow. */
    public int batchLimit() {
        return batchLimit.limit();
    }

    /** Seconds the current PAUSED state has lasted, 0 when not PAUSED. */
    public double pausedSeconds() {
        return health.currentPauseSeconds();
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

    /**
     * Accepts a record; {@code onSettled} runs exactly once, on a sink thread, after the endpoint
     * acknowledged the record's batch or after the record's dead-letter write succeeded. It must be
     * quick and must not block.
     *
     * <p>Blocks while the sink already holds {@code maxBufferedRecords} unsettled records or
     * {@code maxBufferedBytes} (a single record is always let in), at most
     * {@link SinkConfig#settleTimeout()} not counting time PAUSED, then throws
     * {@link RejectedExecutionException}.
     *
     * @throws IllegalStateException when called on a non-blocking thread or after close
     */
    public void submit(SinkRecord record, Runnable onSettled) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(onSettled, "onSettled");
        BlockingGuard.requireBlockingAllowed("AnalyticsSink.submit");
        // Before any wait for room: a full sink's hold is the sink's share, not the stream's.
        metrics.handedOver(record);
        int bytes = record.body().length;
        awaitRoom(bytes);
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the sink is closed");
            }
            unsettled.incrementAndGet();
            unsettledBytes.addAndGet(bytes);
        }
        backlogDuringSample = true;
        lanes[laneOf(record.key(), lanes.length)].add(new Submission(record, onSettled, System.nanoTime()));
        updatePressure();
    }

    private boolean hasRoom(int bytes) {
        int records = unsettled.get();
        return records == 0 || (records < config.maxBufferedRecords() && unsettledBytes.get() + bytes <= config.maxBufferedBytes());
    }

    private void awaitRoom(int bytes) {
        Deadline deadline = health.deadline(config.settleTimeout());
        try {
            synchronized (room) {
                long remaining;
                while (!hasRoom(bytes)) {
                    if ((remaining = deadline.remainingNanos()) <= 0) {
                        throw new RejectedExecutionException("the sink stayed full for " + config.settleTimeout() + ": "
                                + unsettled.get() + " records (" + unsettledBytes.get() + " bytes) unsettled (sink.maxBufferedRecords="
                                + config.maxBufferedRecords() + ", sink.maxBufferedBytes=" + config.maxBufferedBytes()
                                + "); is the dead-letter topic down?");
                    }
                    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(Deadline.recheckNanos(remaining)));
                    room.wait(millis);
                }
            }
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /**
     * Called by a lane that claimed a batch: once a request slot is free it takes the batch (so
     * records that arrive while every slot is busy still make this batch) and delivers it; each
     * attempt then holds a slot of its own, none while waiting to retry.
     */
    private void send(Lane lane) {
        inFlight.acquire(() -> {
            inFlight.release();
            List<Submission> taken = lane.takeBatch();
            // Encoding (and gzip) is CPU work on the whole batch: not on the event loop that freed the slot.
            Mono.fromCallable(() -> Batch.of(taken, config.format(), config.gzip()))
                    .subscribeOn(Schedulers.parallel())
                    .flatMapMany(delivery::deliver)
                    .flatMap(this::settle)
                    .takeUntilOther(abandoned.asMono())
                    .subscribe(
                            null,
                            error -> log.error("settling a batch of {} records failed; they stay unsettled",
                                    taken.size(), error),
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
        deliveredCount.addAndGet(batch.size());
        lastDelivery = Instant.now();
        batch.submissions().forEach(this::settled);
        return Mono.empty();
    }

    /** Writes one dead letter, retrying without end: a record whose dead letter is not written stays unsettled. */
    private Mono<Void> deadLetter(Submission submission, Outcome.Failed failed) {
        return Mono.fromFuture(() -> deadLetters.write(submission.record(), failed.cause().tag, failed.headers()))
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
        unsettledBytes.addAndGet(-submission.record().body().length);
        int left = unsettled.decrementAndGet();
        synchronized (room) {
            room.notifyAll();
        }
        updatePressure();
        if (left == 0 && isClosed()) {
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

    /**
     * Sends what the lanes hold without lingering from now on, and waits at most {@code timeout}
     * until nothing is unsettled; the sink stays open. Before a planned stop, so that the last
     * commit can cover every record and the next owner of the partitions re-sends nothing.
     *
     * @return true when nothing was left unsettled
     */
    public boolean drain(Duration timeout) {
        BlockingGuard.requireBlockingAllowed("AnalyticsSink.drain");
        for (Lane lane : lanes) {
            lane.drain();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            synchronized (room) {
                long remaining;
                while (unsettled.get() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                    room.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(remaining, 100_000_000L))));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return unsettled.get() == 0;
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
            rateSampler.dispose();
            pressureNotifier.dispose();
            delivery.dispose(Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos())));
            metrics.close();
            health.close();
        }
    }
}
