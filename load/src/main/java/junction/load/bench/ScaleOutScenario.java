package junction.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import junction.load.VerificationReport;

/**
 * {@code scale-out}: junction's full pipeline as 1, 2 .. {@code --instances} app instances
 * (separate processes, one application id, a state directory each), in two parts.
 *
 * <p><b>Rates.</b> For each n, a fresh application id starts at the end of the inputs
 * ({@link BenchCluster#startGroupAtEnd}); its n instances start and settle with nothing to do,
 * and only then is the preload sent again, so all n share the work from its first record. The
 * rate is the preloaded records over the time from the first of them to zero committed lag, as
 * in {@link ThroughputScenario}. The endpoint is reset before each pass and verified after it.
 *
 * <p><b>Joins and leaves under load.</b> Another fresh application id takes the preload with one
 * instance; then updates run at {@code --rate} while the group changes: {@code --fault-after}
 * into them instance 2 joins, then {@code --fault-for} after each change is made (a joining
 * instance RUNNING) comes the next: the next instance joins, until all are in;
 * then instance 1 leaves (SIGTERM: it leaves the group at once) and, with three or more,
 * instance 2 is killed (SIGKILL: its tasks wait for its session to time out). Updates go on
 * {@code --duration} after the last change; the last instance drains, and the endpoint must
 * verify with 0 missing and 0 stale. Each change's cost is a {@link RebalancePause}; each
 * instance's own delivered rate is sampled from its {@code /metrics}.
 */
final class ScaleOutScenario implements Scenario {

    /**
     * The joins-and-leaves part's application id; a rate pass's is {@link #RATE_APPLICATION_ID}
     * and its n. Neither may be the other's prefix: the lag read counts the repartition topics
     * named after the group ({@code <applicationId>-...-topic}).
     */
    static final String APPLICATION_ID = "bench-scale-out-joins";
    static final String RATE_APPLICATION_ID = "bench-scale-out-rate-";
    /** How long all instances must be RUNNING together before a rate pass begins. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final Duration DEFAULT_STEP = Duration.ofSeconds(20);
    /** Longer than any run: the updates end when the scenario stops them. */
    private static final Duration UNTIL_STOPPED = Duration.ofDays(1);
    /** Past the 45 s default session timeout, so a killed member's tasks move within the run. */
    static final Duration DEFAULT_TAIL = Duration.ofSeconds(60);

    /** One membership change: its figure prefix (e.g. {@code app2Join}), a label, and what it does. */
    private record Change(String figure, String label, Step step) {
    }

    @FunctionalInterface
    private interface Step {
        void apply() throws Exception;
    }

    /** A change as made: when (elapsed seconds) and, for a join, how long the instance took to be RUNNING. */
    private record Made(Change change, double at, double readySeconds) {
    }

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        BenchMonitor monitor = run.monitor();
        int most = run.settings().instances();
        List<String> instances = new ArrayList<>();
        for (int i = 1; i <= most; i++) {
            instances.add(instanceName(i));
        }
        monitor.watchInstances(instances);
        cluster.startEndpoint(Duration.ZERO);
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> passProblems = new ArrayList<>();

        long[] rates = new long[most + 1];
        for (int n = 1; n <= most; n++) {
            List<String> members = instances.subList(0, n);
            String applicationId = RATE_APPLICATION_ID + n;
            startAtEnd(run, applicationId, members);
            monitor.phase(n + " instance(s): preload", applicationId);
            AppRun pass = run.preloadInto(members.get(n - 1), applicationId);
            rates[n] = pass.inputPerSec();
            List<Long> delivered = new ArrayList<>();
            for (String member : members) {
                AppCounters counters = cluster.appCounters(member);
                delivered.add(counters == null ? 0 : counters.delivered());
            }
            members.forEach(cluster::stop);
            VerificationReport passVerdict = run.verify();
            if (!passVerdict.verified()) {
                passProblems.add("the pass with " + n + " instance(s) did not verify: " + passVerdict.missing()
                        + " missing, " + passVerdict.stale() + " stale, " + passVerdict.unexpected() + " unexpected");
            }
            figures.put("ratePerSec" + n, rates[n]);
            figures.put("rateSeconds" + n, pass.seconds());
            figures.put("instanceBalance" + n, BenchFigures.ratio(
                    delivered.stream().mapToLong(Long::longValue).min().orElse(0),
                    delivered.stream().mapToLong(Long::longValue).max().orElse(0)));
            figures.put("deliveredByInstance" + n, delivered.toString());
        }
        for (int n = 2; n <= most; n++) {
            figures.put("scaling" + n, BenchFigures.ratio(rates[n], rates[1]));
        }

        // Joins and leaves under load.
        String first = instances.get(0);
        startAtEnd(run, APPLICATION_ID, List.of(first));
        monitor.phase("1 instance: preload", APPLICATION_ID);
        AppRun preload = run.preloadInto(first, APPLICATION_ID);
        List<Change> changes = changes(run, instances);
        String finisher = instances.get(most - 1);
        FaultSettings settings = run.settings().faults();
        Duration step = settings.faultFor(DEFAULT_STEP);

        monitor.phase("updates", APPLICATION_ID);
        double updatesStart = monitor.elapsedSeconds();
        // A joining instance takes a while to start, so the phase's length is known only as it
        // runs: the updates go on until stopped, --duration after the last change was made.
        Future<Long> updates = run.startUpdates(settings.rate(), UNTIL_STOPPED);
        List<Made> made = new ArrayList<>();
        long nextNanos = System.nanoTime() + settings.faultAfter().toNanos();
        for (Change change : changes) {
            FaultScenario.pauseUntil(nextNanos);
            double at = monitor.elapsedSeconds();
            monitor.phase(change.label(), APPLICATION_ID);
            change.step().apply();
            made.add(new Made(change, at, change.figure().endsWith("Join") ? monitor.elapsedSeconds() - at : Double.NaN));
            nextNanos = System.nanoTime() + step.toNanos();
        }
        monitor.phase("updates after the last change", APPLICATION_ID);
        FaultScenario.pauseUntil(System.nanoTime() + run.settings().duration().toNanos());
        run.stopUpdates();
        long sent = run.awaitUpdates(updates);
        double updatesEnd = monitor.elapsedSeconds();
        monitor.phase("draining", APPLICATION_ID);
        cluster.awaitZeroLag(finisher, APPLICATION_ID, run.settings().timeout());
        double drained = monitor.elapsedSeconds();
        VerificationReport verdict = run.verify();
        cluster.stop(finisher);
        for (String problem : passProblems) {
            verdict = verdict.withProblem(problem);
        }

        List<BenchSample> rows = monitor.samples();
        long threshold = FaultRecovery.of(rows, updatesStart, made.get(0).at(), made.get(0).at(), drained,
                settings.recoveryLag(), Math.round(settings.rate())).threshold();
        for (int i = 0; i < made.size(); i++) {
            Made change = made.get(i);
            double windowEnd = i + 1 < made.size() ? made.get(i + 1).at() : drained;
            RebalancePause pause = RebalancePause.of(rows, change.at(), windowEnd, threshold);
            String name = change.change().figure();
            figures.put(name + "PauseSeconds", pause.pauseSeconds());
            figures.put(name + "OutputGapSeconds", pause.outputGapSeconds());
            figures.put(name + "PeakLag", pause.peakLag());
            // The last window ends when the lag was seen at zero: settled by then, however long it took.
            figures.put(name + "Settled", pause.settled() || i == made.size() - 1);
            if (!Double.isNaN(change.readySeconds())) {
                figures.put(name + "ReadySeconds", Math.round(change.readySeconds() * 10) / 10.0);
            }
            figures.put(name + "AtSeconds", Math.round((change.at() - updatesStart) * 10) / 10.0);
        }
        for (String instance : instances) {
            double[] delivered = window(rows, BenchSample.instanceDeliveredColumn(instance), updatesStart, drained);
            String figure = instance.replace("_", "");
            figures.put(figure + "MeanDeliveredPerSec", Math.round(BenchFigures.mean(delivered)));
            figures.put(figure + "PeakDeliveredPerSec", Math.round(BenchFigures.peak(delivered)));
        }
        figures.put("pauseLagThreshold", threshold);
        figures.put("updates", sent);
        figures.put("updateRatePerSec", Math.round(settings.rate()));
        figures.put("updatesSeconds", Math.round((updatesEnd - updatesStart) * 10) / 10.0);
        figures.put("changeEverySeconds", BenchFigures.seconds(step));
        figures.put("preloadRecords", preload.inputRecords());
        figures.put("preloadSeconds", preload.seconds());
        figures.put("changes", String.join("; ", changes.stream().map(Change::label).toList()));
        figures.put("rateDefinition", "preloaded input records / seconds from the first of them to zero committed lag,"
                + " with all n instances RUNNING (and idle) before it began");
        figures.put("pauseDefinition", "per change: seconds until the committed lag is back at or under pauseLagThreshold"
                + " for good (--recovery-lag, else " + FaultRecovery.PRE_FAULT_MULTIPLE + "x the peak lag of the updates"
                + " before the first change), capped at the next change (Settled=false then); OutputGapSeconds: the longest"
                + " stretch with nothing delivered at all; ReadySeconds: a joining instance's start to RUNNING");
        figures.put("instanceRateDefinition", "mean and peak of each instance's own delivered records per second"
                + " (junction_sink_records_total{outcome=delivered} on its /metrics), over the seconds it ran from the"
                + " first update to the drain; the duplicates the verifier counts are the endpoint's over this part");
        return new Outcome(figures, verdict);
    }

    static String instanceName(int i) {
        return "app_" + i;
    }

    /** 2 .. n join, then 1 leaves (SIGTERM), then, with a third left to finish, 2 is killed (SIGKILL). */
    private static List<Change> changes(BenchRun run, List<String> instances) {
        List<Change> changes = new ArrayList<>();
        for (int i = 1; i < instances.size(); i++) {
            String joining = instances.get(i);
            changes.add(new Change("app" + (i + 1) + "Join", joining + " joins",
                    () -> run.startInstance(joining, APPLICATION_ID, List.of())));
        }
        String first = instances.get(0);
        changes.add(new Change("app1Leave", first + " leaves (SIGTERM)", () -> run.cluster().stop(first)));
        if (instances.size() >= 3) {
            String second = instances.get(1);
            changes.add(new Change("app2Kill", second + " is killed (SIGKILL)", () -> run.cluster().kill(second)));
        }
        return changes;
    }

    /** Starts the members under a new application id at the end of the inputs, and returns once all are settled. */
    private static void startAtEnd(BenchRun run, String applicationId, List<String> members) throws Exception {
        run.cluster().startGroupAtEnd(applicationId);
        run.cluster().endpoint().reset();
        for (String member : members) {
            run.monitor().phase(member + " (starting)", null);
            run.startInstance(member, applicationId, List.of());
        }
        run.cluster().awaitAllReady(members, SETTLE);
    }

    /** A column's values sampled in [from, to]. */
    private static double[] window(List<BenchSample> rows, String column, double from, double to) {
        return rows.stream().filter(r -> r.get(BenchSample.ELAPSED) >= from && r.get(BenchSample.ELAPSED) <= to)
                .mapToDouble(r -> r.get(column)).toArray();
    }

    @Override
    public Duration defaultDuration() {
        return DEFAULT_TAIL;
    }

    @Override
    public String problem(BenchSettings settings) {
        String problem = settings.faults().problem();
        if (problem != null) {
            return problem;
        }
        if (settings.instances() < 2) {
            return "--instances must be at least 2, was " + settings.instances() + ": one instance has no one to join it";
        }
        if (settings.instances() > settings.partitions()) {
            return "--instances must be at most --partitions (" + settings.partitions() + "), was "
                    + settings.instances() + ": a partition is the unit of work, so more instances would idle";
        }
        return null;
    }
}
