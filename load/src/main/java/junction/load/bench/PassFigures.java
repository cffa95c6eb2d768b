package junction.load.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.Map;

/**
 * The figures of repeated passes of one kind (e.g. every bare-join pass), each phase apart:
 * start-up, time to the first merged record, catch-up rate, and CPU per 1,000 records, each as
 * median with min-max ({@link Spread}) under names that start with the kind.
 */
final class PassFigures {

    private PassFigures() {
    }

    /**
     * Puts {@code <kind>CatchUpPerSec} (input records/s), {@code <kind>MergedPerSec},
     * {@code <kind>StartupSeconds}, {@code <kind>FirstMergedSeconds} and, per process,
     * {@code <kind><Process>CpuSecondsPer1k}, per 1,000 merged records for a bare join and per 1,000
     * delivered records with the sink.
     */
    static void putInto(Map<String, Object> figures, String kind, List<AppRun> passes, List<String> warnings) {
        put(figures, kind + "CatchUpPerSec", passes, AppRun::inputPerSec, 0, warnings);
        // Only the rates the scenarios compare warn about their spread; the phases are context.
        List<String> unchecked = new ArrayList<>();
        put(figures, kind + "MergedPerSec", passes, AppRun::mergedPerSec, 0, unchecked);
        put(figures, kind + "StartupSeconds", passes, AppRun::startupSeconds, 1, unchecked);
        put(figures, kind + "FirstMergedSeconds", passes, AppRun::firstOutputSeconds, 1, unchecked);
        for (String process : List.of("app", BenchCluster.BROKER, BenchCluster.ENDPOINT)) {
            ToDoubleFunction<AppRun> cost = pass -> pass.cpuSecondsPerThousand(
                    process.equals("app") ? pass.name() : process, pass.delivered() > 0 ? pass.delivered() : pass.joined());
            if (passes.stream().mapToDouble(cost).anyMatch(v -> !Double.isNaN(v))) {
                String name = kind + Character.toUpperCase(process.charAt(0)) + process.substring(1) + "CpuSecondsPer1k";
                put(figures, name, passes, cost, 3, unchecked);
            }
        }
    }

    private static void put(Map<String, Object> figures, String name, List<AppRun> passes, ToDoubleFunction<AppRun> value,
            int decimals, List<String> warnings) {
        new Spread(passes.stream().map(value::applyAsDouble).toList()).putInto(figures, name, decimals, warnings);
    }
}
