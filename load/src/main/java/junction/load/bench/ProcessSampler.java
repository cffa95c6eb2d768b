package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU and resident memory of a set of named processes, read from Linux's {@code /proc}: one call
 * to {@link #sample()} gives each process's CPU use since the previous sample (or since it was
 * watched) and its current RSS. A process that has exited samples as NaN, so a chart shows a gap
 * where a killed process was down; watching a name again (a restarted process) replaces its pid.
 * Not thread-safe: one sampling thread.
 */
public final class ProcessSampler {

    /** Linux reports utime and stime in USER_HZ ticks, 100 per second on every architecture we run on. */
    static final double TICKS_PER_SECOND = 100.0;

    /**
     * One process at one sample.
     *
     * @param cpu CPU time over wall time since the previous sample: 1.0 is one core busy
     * @param rssBytes resident set size
     */
    public record Usage(double cpu, double rssBytes) {

        static final Usage GONE = new Usage(Double.NaN, Double.NaN);
    }

    private record Watched(long pid, long cpuTicks, long atNanos) {
    }

    private final Map<String, Watched> watched = new LinkedHashMap<>();

    /** Starts watching a process under a name (e.g. "broker"); its first CPU figure counts from now. */
    public ProcessSampler watch(String name, long pid) {
        watched.put(name, new Watched(pid, cpuTicks(pid).orElse(0L), System.nanoTime()));
        return this;
    }

    /** Stops watching a name. */
    public void forget(String name) {
        watched.remove(name);
    }

    /** The watched names in the order they were first watched. */
    public List<String> names() {
        return List.copyOf(watched.keySet());
    }

    /** One sample of every watched process, by name in watch order. */
    public Map<String, Usage> sample() {
        Map<String, Usage> sample = new LinkedHashMap<>();
        for (Map.Entry<String, Watched> entry : watched.entrySet()) {
            Watched before = entry.getValue();
            long now = System.nanoTime();
            Optional<Long> ticks = cpuTicks(before.pid());
            Optional<Long> rss = rssBytes(before.pid());
            if (ticks.isEmpty() || rss.isEmpty()) {
                sample.put(entry.getKey(), Usage.GONE);
                continue;
            }
            double seconds = (now - before.atNanos()) / 1e9;
            double cpu = seconds > 0 ? (ticks.get() - before.cpuTicks()) / TICKS_PER_SECOND / seconds : 0.0;
            sample.put(entry.getKey(), new Usage(cpu, rss.get()));
            entry.setValue(new Watched(before.pid(), ticks.get(), now));
        }
        return sample;
    }

    /** utime + stime of the process in ticks, empty if it is gone. */
    static Optional<Long> cpuTicks(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat")).map(ProcessSampler::parseCpuTicks);
    }

    /**
     * utime + stime of the process's JIT compiler threads in ticks, empty if it is gone. Only
     * threads alive now count: a bench child keeps its compiler threads for its whole life
     * ({@code -XX:-UseDynamicNumberOfCompilerThreads}, see {@link BenchCluster}), so none is missed.
     */
    static Optional<Long> jitTicks(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return Optional.of(threads.map(thread -> read(thread.resolve("stat")))
                    .flatMap(Optional::stream)
                    .filter(ProcessSampler::isCompilerThread)
                    .mapToLong(ProcessSampler::parseCpuTicks)
                    .sum());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Whether a thread's {@code stat} is HotSpot's C1 or C2 compiler thread ("C2 CompilerThread0", cut to 15 characters). */
    static boolean isCompilerThread(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /**
     * Fields 14 and 15 of {@code /proc/<pid>/stat}. Field 2, the command name, is in parentheses
     * and may itself hold spaces and parentheses, so counting starts after the last ')'.
     */
    static long parseCpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    static Optional<Long> rssBytes(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status")).flatMap(ProcessSampler::parseRssBytes);
    }

    /** The {@code VmRSS: <n> kB} line of {@code /proc/<pid>/status}; absent for a zombie. */
    static Optional<Long> parseRssBytes(String status) {
        return status.lines()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> line.substring("VmRSS:".length()).trim().split("\\s+")[0])
                .map(kb -> Long.parseLong(kb) * 1024)
                .findFirst();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            // The process has exited (or never existed): that is a sample, not an error.
            return Optional.empty();
        }
    }
}
