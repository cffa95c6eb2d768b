package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import junction.load.VerificationReport;

/**
 * {@code throughput}: the same preloaded inputs joined by fresh application ids, bare (output
 * topic only) and through the HTTP sink to a 0 ms endpoint, interleaved (bare, full, bare, full,
 * ...). Both rates are input records over the time from the app processing to its committed lag
 * reaching zero (the catch-up rate), so their ratio, {@code sinkEfficiency}, is what the sink and
 * its metrics cost the join; it is the median of the pairs' ratios, with their range. Each side
 * starts {@code --cold-passes} JVMs ({@code passes}) for a cold pass each, reported apart (as in
 * {@link JoinScenario}, after {@link BenchRun#warmUpBroker}); its last JVM's next
 * {@code --warmup-passes} are not measured: the pairs compare compiled code, not how much more code
 * the sink gives the JIT to compile (which took 40 % of the app's CPU in a JVM's second pass). Every
 * full pass must verify (the endpoint is reset before each, and collects its garbage then:
 * {@link junction.load.EndpointClient#resetAndCollect}).
 */
final class ThroughputScenario implements Scenario {

    static final String RATE_DEFINITION = "input records / seconds from the app processing (its first stream thread"
            + " RUNNING; with one thread: ready) to zero committed lag";
    private static final String BARE = "app_bare";
    private static final String FULL = "app_full";

    @Override
    public Outcome run(BenchRun run) throws Exception {
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        AppRun brokerWarmUp = run.warmUpBroker();
        List<AppRun> coldBare = new ArrayList<>();
        List<AppRun> coldFull = new ArrayList<>();
        List<Double> coldEfficiency = new ArrayList<>();
        VerificationReport verdict = null;
        for (int i = 1; i <= run.settings().coldPasses(); i++) {
            Pair pair = pair(run, "cold-" + i, true);
            coldBare.add(pair.bare());
            coldFull.add(pair.full());
            coldEfficiency.add(BenchFigures.ratio(pair.full().inputPerSec(), pair.bare().inputPerSec()));
            verdict = LatencyScenario.worse(verdict, run.verify());
        }
        for (int i = 1; i <= run.settings().warmupPasses(); i++) {
            pair(run, "warmup-" + i, false);
            verdict = LatencyScenario.worse(verdict, run.verify());
        }
        List<AppRun> bare = new ArrayList<>();
        List<AppRun> full = new ArrayList<>();
        List<Double> efficiency = new ArrayList<>();
        for (int i = 1; i <= run.settings().repetitions(); i++) {
            Pair pair = pair(run, Integer.toString(i), false);
            bare.add(pair.bare());
            full.add(pair.full());
            efficiency.add(BenchFigures.ratio(pair.full().inputPerSec(), pair.bare().inputPerSec()));
            verdict = LatencyScenario.worse(verdict, run.verify());
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Spread.of(efficiency).putInto(figures, "sinkEfficiency", 3, warnings);
        PassFigures.putInto(figures, "bare", bare, warnings);
        PassFigures.putInto(figures, "full", full, warnings);
        new Spread(full.stream().map(f -> (double) f.deliveredPerSec()).toList())
                .putInto(figures, "fullDeliveredPerSec", 0, new ArrayList<>());
        Spread.of(coldEfficiency).putInto(figures, "coldSinkEfficiency", 3, warnings);
        // A cold pass compiles most of the time: its JIT share is no warning.
        PassFigures.putInto(figures, "bareCold", coldBare, new ArrayList<>());
        PassFigures.putInto(figures, "fullCold", coldFull, new ArrayList<>());
        PassFigures.putInto(figures, "brokerWarmUp", List.of(brokerWarmUp), new ArrayList<>());
        figures.put("inputRecords", inputs);
        figures.put("joinedRecords", bare.get(bare.size() - 1).joined());
        figures.put("deliveredRecords", full.get(full.size() - 1).delivered());
        figures.put("appPeakRssMiB", Math.round(run.monitor().peakRssMib("app_full")));
        figures.put("repetitions", run.settings().repetitions());
        figures.put("warmupPasses", run.settings().warmupPasses());
        figures.put("coldPasses", run.settings().coldPasses());
        figures.put(Scenario.WARNINGS, warnings);
        figures.put("rateDefinition", "CatchUpPerSec: " + RATE_DEFINITION + "; MergedPerSec and DeliveredPerSec: merged"
                + " records written to the output topic / delivered to the endpoint over the same time;"
                + " FirstMergedSeconds: processing to the first merged record; StartupSeconds: start command to processing;"
                + " Cold: each side's first pass in its JVM, over --cold-passes JVMs per side, after one bare pass"
                + " (brokerWarmUp, in a JVM of its own) has warmed the broker; the last JVM of each side then runs"
                + " --warmup-passes unmeasured passes, then the measured;"
                + " JitShare: the JIT compiler's share of a process's CPU in the pass;"
                + " CpuSecondsPer1k: per 1,000 merged (bare) or delivered (full) records, start-up included");
        return new Outcome(figures, verdict);
    }

    private record Pair(AppRun bare, AppRun full) {
    }

    /**
     * A bare pass, then a full one against a reset endpoint, which then holds only the full pass's
     * records; {@code cold}: each in a JVM started for it.
     */
    private static Pair pair(BenchRun run, String label, boolean cold) throws TimeoutException, InterruptedException {
        if (cold) {
            run.restartPasses(BARE, false, List.of());
        }
        AppRun bare = run.measurePass(BARE, "bench-bare-" + label);
        if (cold) {
            run.restartPasses(FULL, true, List.of());
        }
        run.cluster().endpoint().resetAndCollect();
        return new Pair(bare, run.measurePass(FULL, "bench-full-" + label));
    }

    @Override
    public int defaultRepetitions() {
        return BenchSettings.DEFAULT_REPETITIONS;
    }
}
