package junction.load.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One stream app's pass over the preloaded inputs, from the moment it was ready (RUNNING) to the
 * moment its group's committed lag reached zero. With the sink, offsets commit only after the
 * endpoint acknowledged, so that moment is when everything was delivered.
 *
 * @param inputRecords input records the app consumed (everything produced before it started)
 * @param joined records it wrote to the output topic (merged records)
 * @param delivered records the endpoint accepted during the pass (0 for a bare join)
 * @param startup from starting the app's process to its processing, its first stream thread RUNNING
 *     (JVM start, group join, internal topics, restore); zero where the pass did not start an app
 * @param firstOutput from the start of the pass to the first merged record on the output topic;
 *     null if none came
 * @param cpuSeconds CPU time each process (app, broker, endpoint) spent from the app's start to
 *     the end of the pass, and under {@link #jit} the part of it its JIT compiler threads spent
 */
record AppRun(String name, Duration elapsed, long inputRecords, long joined, long delivered,
              Duration startup, Duration firstOutput, Map<String, Double> cpuSeconds) {

    AppRun {
        cpuSeconds = Map.copyOf(cpuSeconds);
    }

    /** A pass whose phases were not timed apart. */
    AppRun(String name, Duration elapsed, long inputRecords, long joined, long delivered) {
        this(name, elapsed, inputRecords, joined, delivered, Duration.ZERO, null, Map.of());
    }

    /** Input records fully processed per second (catch-up): the rate every throughput figure uses. */
    long inputPerSec() {
        return BenchFigures.perSecond(inputRecords, elapsed);
    }

    /** Merged records written to the output topic per second of the pass. */
    long mergedPerSec() {
        return BenchFigures.perSecond(joined, elapsed);
    }

    /** Records the endpoint accepted per second. */
    long deliveredPerSec() {
        return BenchFigures.perSecond(delivered, elapsed);
    }

    /** Records the endpoint accepted per second from the start of the app's process, start-up included. */
    long deliveredPerSecFromStart() {
        return BenchFigures.perSecond(delivered, elapsed.plus(startup));
    }

    double seconds() {
        return BenchFigures.seconds(elapsed);
    }

    double startupSeconds() {
        return BenchFigures.seconds(startup);
    }

    /** Seconds to the first merged record, or NaN if none came. */
    double firstOutputSeconds() {
        return firstOutput == null ? Double.NaN : BenchFigures.seconds(firstOutput);
    }

    /** The key of a process's JIT compiler time in {@link #cpuSeconds}. */
    static String jit(String process) {
        return process + " jit";
    }

    /**
     * The share of these processes' CPU time their JIT compilers took during the pass, NaN if none
     * was measured. Near 0 they ran compiled code; a large share means the pass measured warm-up.
     */
    double jitShare(List<String> processes) {
        double cpu = 0;
        double jit = 0;
        for (String process : processes) {
            Double total = cpuSeconds.get(process);
            Double compiling = cpuSeconds.get(jit(process));
            if (total != null && compiling != null) {
                cpu += total;
                jit += compiling;
            }
        }
        return cpu <= 0 ? Double.NaN : Math.round(jit / cpu * 100.0) / 100.0;
    }

    /** CPU-seconds a process spent per 1,000 of {@code records}, NaN if not measured. */
    double cpuSecondsPerThousand(String process, long records) {
        Double cpu = cpuSeconds.get(process);
        return cpu == null || records <= 0 ? Double.NaN : Math.round(cpu * 1000.0 / records * 1000.0) / 1000.0;
    }
}
