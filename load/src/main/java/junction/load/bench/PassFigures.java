package junction.load.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The figures of repeated passes of one kind (e.g. every bare-join pass), each phase apart:
 * start-up, time to the first merged record, catch-up rate, and CPU per 1,000 records, each as
 * median with min-max ({@link Spread}) under names that start with the kind.
 */
final class PassFigures {

    /**
     * The JIT compilers' largest share of the CPU of a pass that still counts as warm: the rest of
     * the CPU then runs compiled code, and another pass would measure about the same.
     */
    static final double STILL_COMPILING = 0.15;

    private PassFigures() {
    }

    /**
     * Puts {@code <kind>CatchUpPerSec} (input records/s), {@code <kind>MergedPerSec},
     * {@code <kind>StartupSeconds}, {@code <kind>FirstMergedSeconds} and, per process,
     * {@code <kind><Process>CpuSecondsPer1k}, per 1,000 merged records for a bare join and per 1,000
     * delivered records with the sink, {@code <kind><Process>JitShare}, the JIT compiler's share of
     * that CPU, and {@code <kind>JitShare}, the three processes' together; {@code warnings} gets a
     * line when that share shows the pass still warming up.
     */
    static void putInto(Map<String, Object> figures, String kind, List<AppRun> passes, List<String> warnings) {
        put(figures, kind + "CatchUpPerSec", passes, AppRun::inputPerSec, 0, warnings);
        // Only the rates the scenarios compare warn about their spread; the phases are context.
        List<String> unchecked = new ArrayList<>();
        put(figures, kind + "MergedPerSec", passes, AppRun::mergedPerSec, 0, unchecked);
        put(figures, kind + "StartupSeconds", passes, AppRun::startupSeconds, 1, unchecked);
        put(figures, kind + "FirstMergedSeconds", passes, AppRun::firstOutputSeconds, 1, unchecked);
        for (String process : List.of("app", BenchCluster.BROKER, BenchCluster.ENDPOINT)) {
            Function<AppRun, String> of = pass -> process.equals("app") ? pass.name() : process;
            ToDoubleFunction<AppRun> cost = pass -> pass.cpuSecondsPerThousand(
                    of.apply(pass), pass.delivered() > 0 ? pass.delivered() : pass.joined());
            String prefix = kind + Character.toUpperCase(process.charAt(0)) + process.substring(1);
            putIfMeasured(figures, prefix + "CpuSecondsPer1k", passes, cost, 3);
            putIfMeasured(figures, prefix + "JitShare", passes, pass -> pass.jitShare(List.of(of.apply(pass))), 2);
        }
        // Judged over all three processes: a process that barely works (the endpoint of a bare join)
        // can show a large share of almost nothing.
        ToDoubleFunction<AppRun> jit = pass -> pass.jitShare(List.of(pass.name(), BenchCluster.BROKER, BenchCluster.ENDPOINT));
        putIfMeasured(figures, kind + "JitShare", passes, jit, 2);
        double worst = passes.stream().mapToDouble(jit).filter(v -> !Double.isNaN(v)).max().orElse(0);
        if (worst > STILL_COMPILING) {
            warnings.add(kind + ": JIT compilers took up to " + Math.round(worst * 100) + " % of the app's, broker's"
                    + " and endpoint's CPU in a pass: the code was still warming up; raise --warmup-passes");
        }
    }

    /** A figure that only some runs measure (a process that was not watched gives NaN). */
    private static void putIfMeasured(Map<String, Object> figures, String name, List<AppRun> passes,
            ToDoubleFunction<AppRun> value, int decimals) {
        if (passes.stream().mapToDouble(value).anyMatch(v -> !Double.isNaN(v))) {
            put(figures, name, passes, value, decimals, new ArrayList<>());
        }
    }

    private static void put(Map<String, Object> figures, String name, List<AppRun> passes, ToDoubleFunction<AppRun> value,
            int decimals, List<String> warnings) {
        new Spread(passes.stream().map(value::applyAsDouble).toList()).putInto(figures, name, decimals, warnings);
    }
}
