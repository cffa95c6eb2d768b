package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.app.topics.TopicReader;
import junction.load.VerificationReport;
import junction.model.CustomerInventory;
import junction.model.Topics;
import junction.topology.StreamsTuning;

/**
 * {@code join}: the bare join (output topic only) under the baseline tuning profile and the tuned
 * one, interleaved (baseline, tuned, baseline, tuned, ...) over the same preloaded inputs, each
 * pass a fresh application id. Each profile starts {@code --cold-passes} JVMs ({@code passes}),
 * interleaved, each for one cold pass (classes loaded and code compiled during it, as after a
 * deployment, against a broker warmed by one pass before: {@link BenchRun#warmUpBroker}), reported
 * apart; the last JVM of each profile stays for the rest: {@code --warmup-passes} unmeasured pairs,
 * then the measured pairs, which run compiled code, so they compare the two profiles rather than
 * the JIT's warm-up (most of a cold pass's CPU, and still 40 % of the second pass's). Reports each
 * profile's catch-up rate, start-up and time to the first merged record as median with min-max, and
 * {@code joinSpeedup}, the tuned rate over the baseline rate of each warm pair
 * ({@code coldJoinSpeedup} for the cold pairs). Verified by reading the output topic: its latest
 * record per customer must be the join of the final inputs, and every pass must have joined every
 * customer (merged records beyond one per customer are counted per pass).
 */
final class JoinScenario implements Scenario {

    static final String RATE_DEFINITION = "catch-up rate: input records / seconds from the app processing (its first"
            + " stream thread RUNNING; with one thread: ready) to zero"
            + " committed lag (bare join, output topic only); firstMergedSeconds from processing to the first merged"
            + " record on the output topic; startupSeconds from the start command to processing (processStartSeconds: the"
            + " JVM's start, per cold pass); warm passes run in a JVM that has run the same pass before, cold"
            + " ones (\"Cold\") are each JVM's first, over --cold-passes JVMs per profile, after one bare pass"
            + " (\"brokerWarmUp\", in a JVM of its own) has warmed the broker, and --warmup-passes more are not"
            + " measured; CPU per 1,000 merged records; JitShare: the JIT compiler's share of a process's CPU in the pass";
    private static final List<StreamsTuning> PROFILES = List.of(StreamsTuning.BASELINE, StreamsTuning.TUNED);

    @Override
    public Outcome run(BenchRun run) throws Exception {
        // Nothing is delivered, but the bench reads its counters from an endpoint in every pass.
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        int repetitions = run.settings().repetitions();
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<StreamsTuning, List<Long>> extraMerged = new LinkedHashMap<>();
        Map<StreamsTuning, List<AppRun>> cold = new LinkedHashMap<>();
        Map<StreamsTuning, List<Double>> processStarts = new LinkedHashMap<>();
        List<Double> coldSpeedups = new ArrayList<>();
        AppRun brokerWarmUp = run.warmUpBroker();
        for (int i = 1; i <= run.settings().coldPasses(); i++) {
            String label = "cold-" + i;
            coldSpeedups.add(pair(tuning -> {
                Duration start = run.restartPasses(name(tuning), false, List.of("--tuning", tuning.label()));
                processStarts.computeIfAbsent(tuning, t -> new ArrayList<>()).add(BenchFigures.seconds(start));
                return pass(run, tuning, label, problems, extraMerged);
            }, cold));
        }
        for (int i = 1; i <= run.settings().warmupPasses(); i++) {
            String label = "warmup-" + i;
            pair(tuning -> pass(run, tuning, label, problems, extraMerged), new LinkedHashMap<>());
        }
        Map<StreamsTuning, List<AppRun>> passes = new LinkedHashMap<>();
        List<Double> speedups = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            String label = Integer.toString(i);
            speedups.add(pair(tuning -> pass(run, tuning, label, problems, extraMerged), passes));
        }
        Spread.of(speedups).putInto(figures, "joinSpeedup", 3, warnings);
        Spread.of(coldSpeedups).putInto(figures, "coldJoinSpeedup", 3, warnings);
        for (Map.Entry<StreamsTuning, List<AppRun>> entry : passes.entrySet()) {
            PassFigures.putInto(figures, entry.getKey().label(), entry.getValue(), warnings);
        }
        // A cold pass compiles most of the time: its JIT share is no warning.
        cold.forEach((tuning, list) -> PassFigures.putInto(figures, tuning.label() + "Cold", list, new ArrayList<>()));
        processStarts.forEach((tuning, starts) -> Spread.of(starts)
                .putInto(figures, tuning.label() + "ProcessStartSeconds", 1, new ArrayList<>()));
        PassFigures.putInto(figures, "brokerWarmUp", List.of(brokerWarmUp), new ArrayList<>());
        extraMerged.forEach((tuning, extra) -> figures.put(tuning.label() + "ExtraMergedPerPass", extra));
        figures.put("inputRecords", inputs);
        figures.put("repetitions", repetitions);
        figures.put("warmupPasses", run.settings().warmupPasses());
        figures.put("coldPasses", run.settings().coldPasses());
        figures.put(Scenario.WARNINGS, warnings);
        figures.put("rateDefinition", RATE_DEFINITION);
        VerificationReport verdict = verifyOutputTopic(run);
        if (!problems.isEmpty()) {
            figures.put(BenchCommand.ERROR_FIGURE, String.join("; ", problems));
        }
        return new Outcome(figures, verdict);
    }

    /** One pass of a profile. */
    @FunctionalInterface
    private interface ProfilePass {
        AppRun run(StreamsTuning tuning) throws Exception;
    }

    /** One pass of each profile, baseline first, added to {@code passes}; returns the tuned rate over the baseline's. */
    private static double pair(ProfilePass pass, Map<StreamsTuning, List<AppRun>> passes) throws Exception {
        Map<StreamsTuning, AppRun> pair = new LinkedHashMap<>();
        for (StreamsTuning tuning : PROFILES) {
            AppRun done = pass.run(tuning);
            passes.computeIfAbsent(tuning, t -> new ArrayList<>()).add(done);
            pair.put(tuning, done);
        }
        return BenchFigures.ratio(pair.get(StreamsTuning.TUNED).inputPerSec(), pair.get(StreamsTuning.BASELINE).inputPerSec());
    }

    private static String name(StreamsTuning tuning) {
        return "app_" + tuning.label();
    }

    /** One pass of the profile's warm process under a fresh application id, checked to have joined every customer. */
    private static AppRun pass(BenchRun run, StreamsTuning tuning, String label, List<String> problems,
            Map<StreamsTuning, List<Long>> extraMerged) throws Exception {
        String name = name(tuning);
        AppRun pass = run.measurePass(name, "bench-join-" + tuning.label() + "-" + label);
        // Every customer is merged at least once. More is no error: a customer read before its
        // item is merged without it, then again with it; how often depends on the order the
        // thread happens to read the two tables in, so it is reported, not judged.
        if (pass.joined() < run.settings().customers()) {
            problems.add(name + " pass " + label + " joined " + pass.joined() + " records, fewer than the "
                    + run.settings().customers() + " customers");
        }
        extraMerged.computeIfAbsent(tuning, t -> new ArrayList<>()).add(pass.joined() - run.settings().customers());
        return pass;
    }

    /** The output topic's latest merged record per customer against the generator's final inputs. */
    private static VerificationReport verifyOutputTopic(BenchRun run) {
        Map<String, CustomerInventory> latest = new HashMap<>();
        String topic = Topics.CUSTOMER_INVENTORY.name();
        // Every pass wrote every customer: the topic holds repetitions x 2 x customers records.
        try (TopicReader reader = new TopicReader(run.cluster().bootstrapServers(), Map.of(), run.settings().timeout())) {
            reader.readToEnd(topic, record -> {
                String key = Topics.CUSTOMER_INVENTORY.keySerde().deserializer().deserialize(topic, record.key());
                CustomerInventory value = Topics.CUSTOMER_INVENTORY.valueSerde().deserializer().deserialize(topic, record.value());
                if (value == null) {
                    latest.remove(key);
                } else {
                    latest.put(key, value);
                }
            });
        }
        return run.verify(latest);
    }

    @Override
    public String problem(BenchSettings settings) {
        return settings.repetitions() < 1 ? "--repetitions must be at least 1, was " + settings.repetitions() : null;
    }

    @Override
    public int defaultRepetitions() {
        return BenchSettings.DEFAULT_REPETITIONS;
    }
}
