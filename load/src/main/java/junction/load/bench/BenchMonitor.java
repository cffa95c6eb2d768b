package junction.load.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import junction.load.EndpointStats;
import junction.metrics.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a benchmark's per-second samples on its own thread: input rate (the bench's producer),
 * joined rate (output topic end offsets), delivered rate and end-to-end latency (the endpoint's
 * {@code /stats}), committed lag of the group being measured, CPU and RSS of every process; and
 * prints a progress line every few seconds.
 *
 * <p>The endpoint's latency percentiles are cumulative since it started or was last reset: the
 * latency columns show how the run's distribution evolves, not each second's own percentiles.
 */
final class BenchMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchMonitor.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final BenchCluster cluster;
    private final ProcessSampler sampler;
    private final SampleSeries series;
    private final PrintStream out;
    private final long progressEverySamples;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("bench-monitor");
    private final CounterRate in = new CounterRate();
    private final CounterRate joined = new CounterRate();
    private final CounterRate delivered = new CounterRate();
    private volatile LongSupplier inputs = () -> 0;
    private volatile List<String> instances = List.of();
    /** Per instance, its joined and delivered counters' rates; only the sampling thread touches them. */
    private final Map<String, CounterRate[]> instanceRates = new HashMap<>();
    private volatile String phase = "starting";
    private volatile String lagGroup;
    private volatile boolean faultColumn;
    private volatile boolean faultActive;
    private long ticks;

    BenchMonitor(BenchCluster cluster, ProcessSampler sampler, SampleSeries series, Duration progressEvery, PrintStream out) {
        this.cluster = cluster;
        this.sampler = sampler;
        this.series = series;
        this.out = out;
        this.progressEverySamples = Math.max(1, progressEvery.toSeconds());
    }

    void start() {
        timer.scheduleAtFixedRate(this::tick, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Seconds since the monitor was made: the samples' time axis. */
    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Where the input count comes from (the bench's producer, once it exists). */
    void countInputs(LongSupplier acked) {
        inputs = acked;
    }

    /**
     * Samples each of these app instances' own counters ({@code /metrics}) every second, as
     * {@link BenchSample#instanceJoinedColumn} and {@link BenchSample#instanceDeliveredColumn}; NaN while
     * an instance is not running. A restarted instance's counters start again from zero.
     */
    void watchInstances(List<String> names) {
        instances = List.copyOf(names);
    }

    /** Names what runs now, for the progress line, and whose committed lag to sample (null: none). */
    void phase(String name, String groupId) {
        phase = name;
        lagGroup = groupId;
        out.printf(Locale.ROOT, "[%5.0fs] phase %s%n", elapsedSeconds(), name);
    }

    private void tick() {
        try {
            BenchSample sample = sample();
            series.add(sample);
            if (++ticks % progressEverySamples == 0) {
                out.println(progress(sample));
            }
        } catch (RuntimeException e) {
            // A client can fail while a process restarts; a lost second is better than a lost run.
            log.warn("sample failed: {}", e.toString());
        }
    }

    /**
     * One row. Each source is read on its own: while the endpoint is down or the broker restarts,
     * the columns that can still be read (lag, processes) are exactly the ones worth seeing.
     */
    private BenchSample sample() {
        long now = System.nanoTime();
        BenchSample.Builder row = BenchSample.at((now - start) / 1e9);
        EndpointStats stats = read("endpoint stats", () -> cluster.endpoint() == null ? null : cluster.endpoint().stats());
        Long output = cluster.brokerStarted() ? read("output offsets", cluster::outputRecords) : null;
        row.throughput(in.next(inputs.getAsLong(), now),
                output == null ? Double.NaN : joined.next(output, now),
                stats == null ? Double.NaN : delivered.next(stats.records(), now));
        if (stats != null && stats.records() > 0) {
            EndpointStats.Latency l = stats.latencyMs();
            row.latency(l.p50(), l.p95(), l.p99(), l.max());
        }
        String group = lagGroup;
        if (group != null) {
            Long lag = read("committed lag", () -> cluster.committedLag(group));
            if (lag != null) {
                row.lag(lag);
            }
        }
        if (faultColumn) {
            row.column(BenchSample.FAULT, faultActive ? 1 : 0);
        }
        for (String instance : instances) {
            AppCounters counters = read(instance + " counters", () -> cluster.appCounters(instance));
            CounterRate[] rates = instanceRates.computeIfAbsent(instance, i -> new CounterRate[] {new CounterRate(), new CounterRate()});
            if (counters == null) {
                // Down: the next start counts from its own zero, and its first reading is only a start.
                rates[0] = new CounterRate();
                rates[1] = new CounterRate();
                row.column(BenchSample.instanceJoinedColumn(instance), Double.NaN);
                row.column(BenchSample.instanceDeliveredColumn(instance), Double.NaN);
            } else {
                row.column(BenchSample.instanceJoinedColumn(instance), rates[0].next(counters.joined(), now));
                row.column(BenchSample.instanceDeliveredColumn(instance), rates[1].next(counters.delivered(), now));
            }
        }
        Map<String, ProcessSampler.Usage> usage;
        synchronized (sampler) {
            usage = sampler.sample();
        }
        return row.processes(usage).build();
    }

    /** A reading, or null (logged at debug) when its source does not answer now. */
    private static <T> T read(String what, Supplier<T> source) {
        try {
            return source.get();
        } catch (RuntimeException e) {
            log.debug("{} unreadable this second: {}", what, e.toString());
            return null;
        }
    }

    /**
     * Marks whether a fault is in force, in the samples' {@value Sample#FAULT} column (1 during the
     * fault, 0 otherwise; the column exists from the first call on) and in the progress line.
     */
    void fault(boolean active) {
        faultColumn = true;
        faultActive = active;
        out.printf(Locale.ROOT, "[%5.0fs] fault %s%n", elapsedSeconds(), active ? "begins" : "ends");
    }

    /** The rows sampled so far. */
    List<BenchSample> samples() {
        return series.rows();
    }

    private String progress(BenchSample s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%5.0fs] %s: in %,.0f/s  joined %,.0f/s  delivered %,.0f/s  lag %,.0f  e2e p99 %,.0f ms |",
                s.get(BenchSample.ELAPSED), faultActive ? phase + " [fault]" : phase, orZero(s.get(BenchSample.IN_PER_SEC)),
                orZero(s.get(BenchSample.JOINED_PER_SEC)),
                orZero(s.get(BenchSample.DELIVERED_PER_SEC)), orZero(s.get(BenchSample.LAG)), orZero(s.get(BenchSample.E2E_P99))));
        for (String process : series.processes()) {
            double cpu = s.get(BenchSample.cpuColumn(process));
            if (!Double.isNaN(cpu)) {
                line.append(String.format(Locale.ROOT, " %s %.1f cpu %.0f MiB", process, cpu,
                        s.get(BenchSample.rssColumn(process))));
            }
        }
        return line.toString();
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    /**
     * A process's mean CPU (1.0 = one core busy) over the samples in [from, to] elapsed seconds;
     * NaN if none was sampled then.
     */
    double meanCpu(String process, double from, double to) {
        return samples().stream()
                .filter(s -> s.get(BenchSample.ELAPSED) >= from && s.get(BenchSample.ELAPSED) <= to)
                .mapToDouble(s -> s.get(BenchSample.cpuColumn(process)))
                .filter(cpu -> !Double.isNaN(cpu))
                .average().orElse(Double.NaN);
    }

    /** Peak RSS of a process over the run, in MiB (0 if never sampled). */
    double peakRssMib(String process) {
        return BenchFigures.peak(series.column(BenchSample.rssColumn(process)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
