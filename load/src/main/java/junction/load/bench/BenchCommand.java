package junction.load.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import junction.cli.CommandLines;
import junction.ingest.GeneratorOptions;
import junction.load.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./junction bench}: runs a named scenario with the broker, the endpoint and the stream
 * apps as separate processes, samples every second, verifies the endpoint at the end, writes a
 * report folder and prints its summary as one final JSON line. Exit 0 only if verified.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "junction.load.bench.BenchCommand",
        description = {"Run a benchmark scenario and write a report with charts.",
                "Broker, endpoint and stream app run as separate processes; load is driven from this one.",
                "Scenarios: throughput (bare join vs full pipeline), join (bare join, tuned vs baseline profile), baseline (one-record-per-request consumer",
                "vs junction on a 20 ms endpoint), latency (full pipeline on a 20 ms vs a 0 ms endpoint),",
                "steady (constant updates at half the delivered rate; e2e latency), scale (1M customers, app at 512m, then",
                "updates at --rate for --duration; prints the sizing model's inputs).",
                "Fault scenarios (updates at --rate; the fault begins --fault-after into them and lasts --fault-for):",
                "endpoint-flaky (30%% 5xx, 5%% resets, 5%% 429), endpoint-outage (connections refused, 60 s),",
                "endpoint-slow (20%% of answers later than the sink's timeout), crash (app SIGKILLed, restarted),",
                "broker-restart (same data dir and port), broker-loss (1 of 3 brokers SIGKILLed for good),",
                "rebalance (a 2nd instance joins, the 1st leaves),",
                "poison (1%% malformed inputs: must all be dead-lettered), endpoint-crawl (20 records/s, 3 min; commits",
                "every 30 s), endpoint-too-slow (12 s answers, 10 s timeout), eos-slow (exactly_once_v2 must be refused),",
                "outage-long (7 min refused, no eviction), poison-5xx (one customer always 500: only it dead-lettered),",
                "auth-expired (401 for 60 s), frozen-instance (a 2nd instance joins, the 1st is SIGSTOPped past the",
                "session timeout, then SIGCONTed), broker-kill (SIGKILL, same data dir and port); all runs the fault",
                "scenarios in turn. Fault scenarios verify against a forgetful endpoint (--no-endpoint-forgetful: not).",
                "scale-out: the rate with 1, 2 .. --instances instances, then instances join and leave under updates at --rate."})
public final class BenchCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);
    static final String ERROR_FIGURE = "error";
    static final String ALL = "all";
    /** The fault scenarios, in the order {@code all} runs them. */
    static final Map<String, Scenario> FAULT_SCENARIOS = byName(List.of(
            new FaultScenario("endpoint-flaky", EndpointMisbehaviour.flaky()),
            new FaultScenario("endpoint-outage", new EndpointOutage(Duration.ofSeconds(60))),
            new FaultScenario("endpoint-slow", EndpointMisbehaviour.slow()),
            new FaultScenario("crash", new AppCrash()),
            new FaultScenario("broker-restart", BrokerRestart.graceful()),
            new FaultScenario("broker-loss", new BrokerLoss()),
            new FaultScenario("rebalance", new AppRebalance()),
            new FaultScenario("poison", new PoisonInjection()),
            // Issue 12: an endpoint that misbehaves the way real ones do.
            new FaultScenario("endpoint-crawl", EndpointMisbehaviour.crawl()),
            new FaultScenario("endpoint-too-slow", EndpointMisbehaviour.tooSlow()),
            new FaultScenario("eos-slow", new ExactlyOnceRefusal()),
            new FaultScenario("outage-long", new EndpointOutage(Duration.ofMinutes(7))),
            new FaultScenario("poison-5xx", new PoisonServerError()),
            new FaultScenario("auth-expired", EndpointMisbehaviour.authExpired()),
            // Issue 13: zombies and a broker crash, judged event by event.
            new FaultScenario("frozen-instance", new AppFreeze()),
            new FaultScenario("broker-kill", BrokerRestart.killed())));
    private static final Map<String, Scenario> SCENARIOS = scenarios();

    @Option(names = "--scenario", required = true, description = "throughput, join, baseline, latency, steady, scale, "
            + "endpoint-flaky, endpoint-outage, endpoint-slow, crash, broker-restart, rebalance, poison, endpoint-crawl,"
            + " endpoint-too-slow, eos-slow, outage-long, poison-5xx, auth-expired, frozen-instance, broker-kill, all or scale-out.")
    String scenario;

    /** Sizes and duration default per scenario (null until given); the rate's default and the help: BenchCommand.properties. */
    @Mixin
    GeneratorOptions generator;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--app-heap", description = "The stream app's -Xmx (default 512m for scale, else 1g).")
    String appHeap;

    @Option(names = "--app-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option of the stream apps, repeatable; e.g. -XX:StartFlightRecording=dumponexit=true to profile"
                    + " (each app JVM writes its own hotspot-pid-*.jfr in the working directory).")
    List<String> appJvmOptions = new ArrayList<>();

    @Option(names = "--app-option", paramLabel = "OPTION",
            description = "Extra ./junction run option of the stream apps, repeatable; e.g. --app-option=--sink-lanes=16 to try a setting.")
    List<String> appOptions = new ArrayList<>();

    @Option(names = "--app-kafka", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams or client property for every stream app (repeatable), e.g. session.timeout.ms=10000.")
    List<String> appKafka = new ArrayList<>();

    @Option(names = "--instances", defaultValue = "3",
            description = "scale-out: the most app instances (separate processes) it runs at once. Default: ${DEFAULT-VALUE}.")
    int instances;

    @Option(names = "--fault-after", defaultValue = "10s", description = "Fault scenarios: when the fault begins, from the first update"
            + " (scale-out: the first membership change). Default: ${DEFAULT-VALUE}.")
    Duration faultAfter;

    @Option(names = "--fault-for", description = "Fault scenarios: how long the fault lasts (default: 30s for endpoint-flaky, endpoint-slow,"
            + " poison and eos-slow, 60s for endpoint-outage, endpoint-too-slow and auth-expired, 3m for endpoint-crawl, 7m for outage-long, 5s of downtime for crash, broker-restart and broker-kill, 20s between join and leave for rebalance,"
            + " 20s watched after the kill for broker-loss, 20s frozen for frozen-instance;"
            + " scale-out: 20s between membership changes).")
    Duration faultFor;

    @Option(names = "--recovery-lag", paramLabel = "RECORDS",
            description = "Fault scenarios: committed lag at or under which the app counts as recovered"
                    + " (default: twice the peak lag of the updates before the fault; scale-out: before the first change).")
    Long recoveryLag;

    @Option(names = "--poison-share", defaultValue = "0.01", paramLabel = "0..1",
            description = "poison: share of input records that are malformed while the fault lasts. Default: ${DEFAULT-VALUE}.")
    double poisonShare;

    @Option(names = "--poison-kinds", split = ",", paramLabel = "KIND", converter = PoisonKindConverter.class,
            description = "poison: the malformed kinds to send: badJson, wrongTypes, missingId, keyIdMismatch, oversized. Default: all.")
    List<PoisonKind> poisonKinds = new ArrayList<>();

    @Option(names = "--endpoint-forgetful", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Fault scenarios: the endpoint remembers no event id and applies last-writer-wins on version "
                    + "(--no-endpoint-forgetful: it drops event ids it has seen). Default: ${DEFAULT-VALUE}.")
    boolean forgetfulEndpoint;

    @Option(names = "--repetitions",
            description = "Comparing scenarios (throughput, join, latency, baseline): passes of each side, interleaved"
                    + " (A B A B ...); figures are medians with min-max. Default: " + BenchSettings.DEFAULT_REPETITIONS
                    + " for join and throughput, " + BenchSettings.DEFAULT_PROCESS_PASS_REPETITIONS + " for latency and baseline.")
    Integer repetitions;

    @Option(names = "--warmup-passes", defaultValue = "" + BenchSettings.DEFAULT_WARMUP_PASSES,
            description = "join and throughput: unmeasured passes of each side's JVM after its first, cold one, so the"
                    + " measured passes run compiled code (each pass reports its JIT compiler's share of the CPU,"
                    + " …JitShare). Default: ${DEFAULT-VALUE}.")
    int warmupPasses;

    @Option(names = "--cold-passes", defaultValue = "" + BenchSettings.DEFAULT_COLD_PASSES,
            description = "join and throughput: JVMs of each side started for one cold pass each (as after a deployment),"
                    + " interleaved; the last goes on to the warm passes. Cold figures (…Cold…) are medians with min-max"
                    + " over them. Default: ${DEFAULT-VALUE}.")
    int coldPasses;

    @Option(names = "--timeout", defaultValue = "10m", description = "Longest wait for one phase (an app reaching zero lag). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--progress-every", defaultValue = "5s", description = "Interval of the progress line. Default: ${DEFAULT-VALUE}.")
    Duration progressEvery;

    @Option(names = "--out", defaultValue = "target/bench", description = "Where report folders go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One scenario's run: its outcome and where its report is. */
    record Run(String scenario, Scenario.Outcome outcome, Path folder) {

        boolean verified() {
            return outcome.verification() != null && outcome.verification().verified();
        }
    }

    /** Reads a poison kind by its label, so a typo is one line naming the option. */
    static final class PoisonKindConverter implements CommandLine.ITypeConverter<PoisonKind> {
        @Override
        public PoisonKind convert(String value) {
            try {
                return PoisonKind.ofLabel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (ALL.equals(scenario)) {
            return runAll();
        }
        Scenario chosen = SCENARIOS.get(scenario);
        if (chosen == null) {
            throw new CommandLines.UserError("unknown scenario '" + scenario + "'; one of " + SCENARIOS.keySet() + " or " + ALL);
        }
        BenchSettings settings = settingsFor(chosen);
        Run run = runScenario(scenario, chosen, settings, out);
        System.out.println(BenchSummary.line(scenario, run.outcome(), run.folder()));
        return run.verified() ? 0 : 1;
    }

    /** Every fault scenario in turn, each with its own cluster and report folder inside one folder with the summary. */
    private int runAll() throws InterruptedException {
        Map<String, BenchSettings> settings = new LinkedHashMap<>();
        FAULT_SCENARIOS.forEach((name, scenario) -> settings.put(name, settingsFor(scenario)));
        Path folder = ReportWriter.createFolder(out, ALL, Instant.now());
        System.out.printf("junction bench all: %s in turn; reports and summary in %s%n", FAULT_SCENARIOS.keySet(), folder);
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, Scenario> entry : FAULT_SCENARIOS.entrySet()) {
            Run run = runScenario(entry.getKey(), entry.getValue(), settings.get(entry.getKey()), folder);
            System.out.println(BenchSummary.line(entry.getKey(), run.outcome(), run.folder()));
            runs.add(run);
        }
        FaultSummary summary = FaultSummary.of(runs);
        summary.write(folder);
        System.out.print(summary.table());
        System.out.println(summary.line(folder));
        return summary.verified() ? 0 : 1;
    }

    /** The settings a scenario runs with: the options given, else its defaults; a usage error if they cannot run it. */
    private BenchSettings settingsFor(Scenario chosen) {
        FaultSettings faults = new FaultSettings(generator.rate(), faultAfter, faultFor, recoveryLag, poisonShare,
                poisonKinds.isEmpty() ? null : Set.copyOf(poisonKinds), forgetfulEndpoint);
        List<String> runOptions = new ArrayList<>(appOptions);
        for (String property : appKafka) {
            if (property.indexOf('=') < 1) {
                throw new CommandLines.UserError("--app-kafka must be KEY=VALUE, was '" + property + "'");
            }
            runOptions.addAll(List.of("--kafka", property));
        }
        BenchSettings settings = new BenchSettings(
                generator.customers() != null ? generator.customers() : chosen.defaultCustomers(),
                generator.skus() != null ? generator.skus() : chosen.defaultSkus(), generator.seed(), partitions,
                generator.duration() != null ? generator.duration() : chosen.defaultDuration(faults), timeout,
                appHeap != null ? appHeap : chosen.defaultAppHeap(), progressEvery, appJvmOptions, runOptions,
                faults, instances, repetitions != null ? repetitions : chosen.defaultRepetitions(), warmupPasses,
                coldPasses);
        String problem = warmupPasses < 0 ? "--warmup-passes must be at least 0, was " + warmupPasses
                : coldPasses < 1 ? "--cold-passes must be at least 1, was " + coldPasses
                : chosen.problem(settings);
        if (problem != null) {
            throw new CommandLines.UserError(problem);
        }
        return settings;
    }

    /** Runs one scenario on a cluster of its own and writes its report folder under {@code root}. */
    private Run runScenario(String name, Scenario chosen, BenchSettings settings, Path root) throws InterruptedException {
        Instant start = Instant.now();
        Path folder = ReportWriter.createFolder(root, name, start);
        System.out.printf("junction bench %s: %,d customers, %,d skus, app -Xmx%s; report in %s%n", name,
                settings.customers(), settings.skus(), settings.appHeap(), folder);
        ProcessSampler sampler = new ProcessSampler().watch("bench", ProcessHandle.current().pid());
        SampleSeries series = new SampleSeries();
        Scenario.Outcome outcome;
        ClasspathSnapshot classpath = ClasspathSnapshot.of(System.getProperty("java.class.path"));
        BenchCluster cluster = new BenchCluster(folder.resolve("logs"), classpath.classpath(), sampler,
                settings.appJvmOptions());
        // Ctrl-C: the children are separate processes and would outlive us.
        Thread stopChildren = new Thread(cluster::close, "bench-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try (classpath; cluster;
             BenchMonitor monitor = new BenchMonitor(cluster, sampler, series, progressEvery, System.out)) {
            monitor.start();
            monitor.phase("broker", null);
            outcome = run(chosen, settings, cluster, monitor);
        } finally {
            removeHook(stopChildren);
        }
        BenchReport report = new BenchReport(name, commandLine(), start, Instant.now(),
                BenchReport.Machine.current(), outcome.figures(), outcome.verification());
        ReportWriter.write(folder, report, series);
        VerificationReport v = outcome.verification();
        if (v != null) {
            v.examples().forEach(e -> System.out.println("  " + e));
        }
        return new Run(name, outcome, folder);
    }

    /** The scenario's outcome, or one naming the failure: a failed run still leaves its report. */
    private static Scenario.Outcome run(Scenario scenario, BenchSettings settings, BenchCluster cluster,
            BenchMonitor monitor) throws InterruptedException {
        try {
            cluster.startBrokers(settings.partitions(), scenario.brokers());
            try (BenchRun run = new BenchRun(settings, cluster, monitor)) {
                return scenario.run(run);
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.error("the scenario failed", e);
            return new Scenario.Outcome(Map.of(ERROR_FIGURE, String.valueOf(e.getMessage())), null);
        }
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put("throughput", new ThroughputScenario());
        all.put("join", new JoinScenario());
        all.put("baseline", new BaselineScenario());
        all.put("latency", new LatencyScenario());
        all.put("steady", new SteadyScenario());
        all.put("scale", new ScaleScenario());
        all.putAll(FAULT_SCENARIOS);
        all.put("scale-out", new ScaleOutScenario());
        return Collections.unmodifiableMap(all);
    }

    private static Map<String, Scenario> byName(List<FaultScenario> scenarios) {
        Map<String, Scenario> map = new LinkedHashMap<>();
        scenarios.forEach(s -> map.put(s.name(), s));
        return Collections.unmodifiableMap(map);
    }

    private List<String> commandLine() {
        // The original arguments are the whole command line's, "bench" included.
        List<String> line = new ArrayList<>(List.of("./junction"));
        line.addAll(spec.commandLine().getParseResult().originalArgs());
        return line;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook has run or is running.
        }
    }
}
