package junction.load.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import junction.cli.CommandLines;
import junction.load.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./junction bench}: runs a named scenario with the broker, the endpoint and the stream
 * apps as separate processes, samples every second, verifies the endpoint at the end, writes a
 * report folder and prints its summary as one final JSON line. Exit 0 only if verified.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a benchmark scenario and write a report with charts.",
                "Broker, endpoint and stream app run as separate processes; load is driven from this one.",
                "Scenarios: throughput (bare join vs full pipeline), baseline (one-record-per-request consumer",
                "vs junction on a 20 ms endpoint), latency (full pipeline on a 20 ms vs a 0 ms endpoint),",
                "steady (constant updates at half the delivered rate; e2e latency), scale (1M customers, app at 512m)."})
public final class BenchCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);
    static final String ERROR_FIGURE = "error";
    private static final Map<String, Scenario> SCENARIOS = Map.of(
            "throughput", new ThroughputScenario(),
            "baseline", new BaselineScenario(),
            "latency", new LatencyScenario(),
            "steady", new SteadyScenario(),
            "scale", new ScaleScenario());

    @Option(names = "--scenario", required = true, description = "throughput, baseline, latency, steady or scale.")
    String scenario;

    @Option(names = "--duration", description = "Length of the fixed-time phase: the baseline's run (default 30s), the steady load (default 60s).")
    Duration duration;

    @Option(names = "--customers", description = "Customers to preload (default 1,000,000 for scale, else 100,000).")
    Integer customers;

    @Option(names = "--skus", description = "Inventory items to preload (default 100,000 for scale, else 10,000).")
    Integer skus;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--app-heap", description = "The stream app's -Xmx (default 512m for scale, else 1g).")
    String appHeap;

    @Option(names = "--app-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option of the stream apps, repeatable; e.g. -XX:StartFlightRecording=filename=app.jfr to profile.")
    List<String> appJvmOptions = new ArrayList<>();

    @Option(names = "--app-option", paramLabel = "OPTION",
            description = "Extra ./junction run option of the stream apps, repeatable; e.g. --app-option=--sink-lanes=16 to try a setting.")
    List<String> appOptions = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "10m", description = "Longest wait for one phase (an app reaching zero lag). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--progress-every", defaultValue = "5s", description = "Interval of the progress line. Default: ${DEFAULT-VALUE}.")
    Duration progressEvery;

    @Option(names = "--out", defaultValue = "target/bench", description = "Where report folders go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Scenario chosen = SCENARIOS.get(scenario);
        if (chosen == null) {
            throw new CommandLines.UserError("unknown scenario '" + scenario + "'; one of " + SCENARIOS.keySet());
        }
        BenchSettings settings = new BenchSettings(
                customers != null ? customers : chosen.defaultCustomers(),
                skus != null ? skus : chosen.defaultSkus(), seed, partitions,
                duration != null ? duration : chosen.defaultDuration(), timeout,
                appHeap != null ? appHeap : chosen.defaultAppHeap(), progressEvery, appJvmOptions, appOptions);
        Instant start = Instant.now();
        Path folder = ReportWriter.createFolder(out, scenario, start);
        System.out.printf("junction bench %s: %,d customers, %,d skus, app -Xmx%s; report in %s%n", scenario,
                settings.customers(), settings.skus(), settings.appHeap(), folder);
        ProcessSampler sampler = new ProcessSampler().watch("bench", ProcessHandle.current().pid());
        SampleSeries series = new SampleSeries();
        Scenario.Outcome outcome;
        ClasspathSnapshot classpath = ClasspathSnapshot.of(System.getProperty("java.class.path"));
        BenchCluster cluster = new BenchCluster(folder.resolve("logs"), classpath.classpath(), sampler);
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
        BenchReport report = new BenchReport(scenario, commandLine(), start, Instant.now(),
                BenchReport.Machine.current(), outcome.figures(), outcome.verification());
        ReportWriter.write(folder, report, series);
        VerificationReport v = outcome.verification();
        if (v != null) {
            v.examples().forEach(e -> System.out.println("  " + e));
        }
        System.out.println(BenchSummary.line(scenario, outcome, folder));
        return v != null && v.verified() ? 0 : 1;
    }

    /** The scenario's outcome, or one naming the failure: a failed run still leaves its report. */
    private static Scenario.Outcome run(Scenario scenario, BenchSettings settings, BenchCluster cluster,
            BenchMonitor monitor) throws InterruptedException {
        try {
            cluster.startBroker(settings.partitions());
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
