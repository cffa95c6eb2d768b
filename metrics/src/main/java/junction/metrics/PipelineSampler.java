package junction.metrics;

import static junction.metrics.MeterNames.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval (10 s by default) turns the registry's meters, found by name, into a
 * {@link PipelineSample} and keeps the last {@code capacity} of them (360: one hour). It also keeps the
 * e2e latency histogram of the last five minutes for windowed percentiles.
 */
public final class PipelineSampler implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_CAPACITY = 360;
    /** The longest window {@link #e2eLatencyMs} answers for. */
    public static final Duration LATENCY_WINDOW = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(PipelineSampler.class);

    /** The cumulative values a sample is the difference of. */
    private record Totals(Instant time, double joined, double delivered, double retried, double deadLetters,
            double requests, double failedRequests, double requestCount, double requestMillis,
            LatencyHistogram e2e) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final int capacity;
    private final ConsumerLag lag;
    private final Deque<PipelineSample> samples = new ArrayDeque<>();
    private final Deque<Totals> recentTotals = new ArrayDeque<>();
    private Totals previous;
    private ScheduledExecutorService scheduler;

    public PipelineSampler(MeterRegistry registry, Clock clock, int capacity) {
        this.registry = registry;
        this.clock = clock;
        this.capacity = capacity;
        this.lag = new ConsumerLag(registry);
        this.previous = totals();
        recentTotals.addLast(previous);
    }

    public PipelineSampler(MeterRegistry registry) {
        this(registry, Clock.systemUTC(), DEFAULT_CAPACITY);
    }

    /** Samples every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized PipelineSampler start(Duration interval) {
        if (scheduler == null) {
            scheduler = DaemonThreads.scheduler("junction-pipeline-sampler");
            long millis = interval.toMillis();
            scheduler.scheduleAtFixedRate(this::sampleSafely, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A throwing task would silently end the schedule.
            log.warn("Pipeline sample failed", e);
        }
    }

    /** Takes one sample now, keeps it and returns it. */
    public synchronized PipelineSample sample() {
        Totals now = totals();
        double seconds = Math.max(1e-3, Duration.between(previous.time, now.time).toNanos() / 1e9);
        LatencyHistogram e2e = now.e2e.minus(previous.e2e);
        double requests = now.requests - previous.requests;
        double requestCount = now.requestCount - previous.requestCount;
        PipelineSample sample = new PipelineSample(
                now.time,
                seconds,
                lag.consumeRate(),
                (now.joined - previous.joined) / seconds,
                (now.delivered - previous.delivered) / seconds,
                (now.retried - previous.retried) / seconds,
                (now.deadLetters - previous.deadLetters) / seconds,
                requests / seconds,
                requests > 0 ? (now.failedRequests - previous.failedRequests) / requests : Double.NaN,
                requestCount > 0 ? (now.requestMillis - previous.requestMillis) / requestCount : Double.NaN,
                e2e.quantileMs(0.50),
                e2e.quantileMs(0.95),
                e2e.quantileMs(0.99),
                lag.records(),
                lag.seconds(),
                gaugeSum(SINK_BUFFERED),
                gaugeSum(SINK_IN_FLIGHT),
                gaugeSum(SINK_CONCURRENCY_LIMIT),
                gaugeMean(STREAM_THREAD_PROCESS_RATIO),
                gaugeMean(STREAM_THREAD_POLL_RATIO),
                gaugeMean(STREAM_THREAD_COMMIT_RATIO),
                gaugeMean(STREAM_THREAD_POLL_LATENCY_AVG),
                gaugeMean(STREAM_THREAD_COMMIT_LATENCY_AVG),
                count(registry.find(STREAM_FAILED_THREADS)),
                gaugeMean(HOST_CPU_USAGE),
                1 - gaugeSum(HOST_MEMORY_AVAILABLE) / gaugeSum(HOST_MEMORY_SIZE),
                gaugeMean(HOST_PROCESS_CPU_USAGE),
                now.joined,
                now.delivered,
                now.deadLetters,
                now.requests,
                now.failedRequests);
        previous = now;
        add(samples, sample, capacity);
        recentTotals.addLast(now);
        pruneTotals(now.time.minus(LATENCY_WINDOW));
        return sample;
    }

    /** Keeps exactly one totals at or before the horizon: the start of the longest window. */
    private void pruneTotals(Instant horizon) {
        while (recentTotals.size() > 1) {
            Iterator<Totals> oldest = recentTotals.iterator();
            oldest.next();
            if (oldest.next().time.isAfter(horizon)) {
                return;
            }
            recentTotals.removeFirst();
        }
    }

    private static <T> void add(Deque<T> ring, T item, int capacity) {
        ring.addLast(item);
        if (ring.size() > capacity) {
            ring.removeFirst();
        }
    }

    /** The kept samples, oldest first. */
    public synchronized List<PipelineSample> samples() {
        return new ArrayList<>(samples);
    }

    /** The e2e latency p50, p95 and p99 in ms over the last {@code window} (at most five minutes). */
    public synchronized double[] e2eLatencyMs(Duration window) {
        Instant since = previous.time.minus(window);
        LatencyHistogram start = recentTotals.peekFirst().e2e;
        for (Totals totals : recentTotals) {
            if (totals.time.isAfter(since)) {
                break;
            }
            start = totals.e2e;
        }
        LatencyHistogram delta = previous.e2e.minus(start);
        return new double[] {delta.quantileMs(0.50), delta.quantileMs(0.95), delta.quantileMs(0.99)};
    }

    private Totals totals() {
        Timer requestLatency = registry.find(SINK_REQUEST_LATENCY).timer();
        double requests = count(registry.find(SINK_REQUESTS));
        return new Totals(
                clock.instant(),
                count(registry.find(RECORDS_JOINED)),
                count(registry.find(SINK_RECORDS).tag(TAG_OUTCOME, OUTCOME_DELIVERED)),
                count(registry.find(SINK_RECORDS).tag(TAG_OUTCOME, OUTCOME_RETRIED)),
                count(registry.find(DEAD_LETTERS)),
                requests,
                requests - count(registry.find(SINK_REQUESTS).tag(TAG_STATUS, STATUS_2XX)),
                requestLatency == null ? 0 : requestLatency.count(),
                requestLatency == null ? 0 : requestLatency.totalTime(TimeUnit.MILLISECONDS),
                LatencyHistogram.of(registry.find(E2E_LATENCY).timer()));
    }

    /** Sum of all counters of that name and tags; 0 when none is registered yet. */
    private static double count(Search search) {
        double sum = 0;
        for (Meter meter : search.meters()) {
            if (meter instanceof Counter counter) {
                sum += counter.count();
            } else if (meter instanceof FunctionCounter counter) {
                sum += counter.count();
            }
        }
        return sum;
    }

    private double gaugeSum(String name) {
        List<Gauge> gauges = List.copyOf(registry.find(name).gauges());
        return gauges.isEmpty() ? Double.NaN : gauges.stream().mapToDouble(Gauge::value).sum();
    }

    /** Mean over e.g. the stream threads; NaN when there is none. */
    private double gaugeMean(String name) {
        return registry.find(name).gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v))
                .average().orElse(Double.NaN);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
