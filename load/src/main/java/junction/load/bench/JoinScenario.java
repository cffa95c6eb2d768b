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
 * pass a fresh application id and process. Reports each profile's catch-up rate, start-up and time
 * to the first merged record as median with min-max, and {@code joinSpeedup}, the tuned rate over
 * the baseline rate of each pair. Verified by reading the output topic: its latest record per
 * customer must be the join of the final inputs, and every pass must have joined every customer
 * (merged records beyond one per customer are counted per pass).
 */
final class JoinScenario implements Scenario {

    static final String RATE_DEFINITION = "catch-up rate: input records / seconds from the app being ready to zero"
            + " committed lag (bare join, output topic only); firstMergedSeconds from ready to the first merged"
            + " record on the output topic; startupSeconds from process start to ready; CPU per 1,000 merged records";

    @Override
    public Outcome run(BenchRun run) throws Exception {
        // Nothing is delivered, but the bench reads its counters from an endpoint in every pass.
        run.cluster().startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        int repetitions = run.settings().repetitions();
        Map<StreamsTuning, List<AppRun>> passes = new LinkedHashMap<>();
        List<Double> speedups = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<StreamsTuning, List<Long>> extraMerged = new LinkedHashMap<>();
        for (int i = 1; i <= repetitions; i++) {
            AppRun pair = null;
            for (StreamsTuning tuning : List.of(StreamsTuning.BASELINE, StreamsTuning.TUNED)) {
                String name = "app_" + tuning.label();
                AppRun pass = run.runApp(name, "bench-join-" + tuning.label() + "-" + i, false,
                        List.of("--tuning", tuning.label()));
                run.stopApp(name);
                passes.computeIfAbsent(tuning, t -> new ArrayList<>()).add(pass);
                // Every customer is merged at least once. More is no error: a customer read before its
                // item is merged without it, then again with it; how often depends on the order the
                // thread happens to read the two tables in, so it is reported, not judged.
                if (pass.joined() < run.settings().customers()) {
                    problems.add(name + " pass " + i + " joined " + pass.joined() + " records, fewer than the "
                            + run.settings().customers() + " customers");
                }
                extraMerged.computeIfAbsent(tuning, t -> new ArrayList<>()).add(pass.joined() - run.settings().customers());
                if (pair != null) {
                    speedups.add(BenchFigures.ratio(pass.inputPerSec(), pair.inputPerSec()));
                }
                pair = pass;
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Spread.of(speedups).putInto(figures, "joinSpeedup", 3, warnings);
        for (Map.Entry<StreamsTuning, List<AppRun>> entry : passes.entrySet()) {
            PassFigures.putInto(figures, entry.getKey().label(), entry.getValue(), warnings);
        }
        extraMerged.forEach((tuning, extra) -> figures.put(tuning.label() + "ExtraMergedPerPass", extra));
        figures.put("inputRecords", inputs);
        figures.put("repetitions", repetitions);
        figures.put(Scenario.WARNINGS, warnings);
        figures.put("rateDefinition", RATE_DEFINITION);
        VerificationReport verdict = verifyOutputTopic(run);
        if (!problems.isEmpty()) {
            figures.put(BenchCommand.ERROR_FIGURE, String.join("; ", problems));
        }
        return new Outcome(figures, verdict);
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
}
