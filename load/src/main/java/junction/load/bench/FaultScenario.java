package junction.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import junction.app.topics.DeadLetterTopic;
import junction.cli.Durations;
import junction.load.CommitWatcher;
import junction.load.EndpointStats;
import junction.load.VerificationReport;
import junction.model.Topics;

/**
 * A fault scenario: junction's full pipeline takes the preload, then updates run at a constant
 * rate for the configured duration; {@code --fault-after} into them a {@link Fault} begins, and
 * {@code --fault-for} later it ends. Once the updates are over and the app's committed lag is
 * zero, the endpoint is verified and the dead-letter topic read.
 *
 * <p>A run passes only if nothing is missing or stale at the endpoint and the dead-letter topic
 * holds exactly the malformed records the fault injected (none, but for {@code poison}).
 * Duplicates are allowed (at-least-once) and counted. Recovery time: from the fault's end to the
 * app's committed lag being back at its level before the fault, or under {@code --recovery-lag}
 * ({@link FaultRecovery}).
 */
final class FaultScenario implements Scenario {

    /** After the updates, how long the app may take to drain is {@code --timeout}; the updates' own margin is this. */
    static final Duration TAIL = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Fault fault;

    FaultScenario(String name, Fault fault) {
        this.name = name;
        this.fault = fault;
    }

    String name() {
        return name;
    }

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        BenchMonitor monitor = run.monitor();
        FaultSettings settings = run.settings().faults();
        String applicationId = "bench-" + name;
        FaultRun faultRun = new FaultRun(run, applicationId, fault.appOptions(), settings.faultFor(fault.defaultLength()));

        cluster.startEndpoint(Duration.ZERO, settings.forgetfulEndpoint());
        fault.prepare(faultRun);
        long preloaded = run.preload();
        AppRun preload = run.runApp(FaultRun.FIRST_INSTANCE, applicationId, true, fault.appOptions());
        CommitWatcher.Report commits;
        Times times;
        try (CommitWatcher watcher = CommitWatcher.start(cluster.bootstrapServers(), applicationId,
                Set.of(Topics.CUSTOMERS.name(), Topics.INVENTORY.name()), CommitWatcher.DEFAULT_INTERVAL)) {
            times = updatesAndFault(run, faultRun, applicationId);
            commits = watcher.report();
        }
        run.stopApp(faultRun.finishingInstance());
        return outcome(run, faultRun, preloaded, preload, commits, times);
    }

    /** The updates, the fault within them, and the drain to zero committed lag. */
    private Times updatesAndFault(BenchRun run, FaultRun faultRun, String applicationId) throws Exception {
        BenchCluster cluster = run.cluster();
        BenchMonitor monitor = run.monitor();
        FaultSettings settings = run.settings().faults();
        monitor.phase(name + " (updates)", applicationId);
        long updatesStartNanos = System.nanoTime();
        double updatesStart = monitor.elapsedSeconds();
        Future<Long> updates = run.startUpdates(settings.rate());
        pauseUntil(updatesStartNanos + settings.faultAfter().toNanos());

        monitor.phase(name + " (fault)", applicationId);
        monitor.fault(true);
        long faultStartNanos = System.nanoTime();
        double faultStart = monitor.elapsedSeconds();
        Fault.Ending ending = fault.begin(faultRun);
        pauseUntil(faultStartNanos + faultRun.length().toNanos());
        monitor.fault(false);
        double faultEnd = monitor.elapsedSeconds();
        ending.end();

        monitor.phase(name + " (recovery)", applicationId);
        long sent = run.awaitUpdates(updates);
        monitor.phase(name + " (draining)", applicationId);
        cluster.awaitZeroLag(faultRun.finishingInstance(), applicationId, run.settings().timeout());
        return new Times(updatesStart, faultStart, faultEnd, monitor.elapsedSeconds(), sent);
    }

    /** When the updates and the fault began and ended and the lag was drained (monitor seconds); updates sent. */
    private record Times(double updatesStart, double faultStart, double faultEnd, double drained, long sent) {
    }

    private Outcome outcome(BenchRun run, FaultRun faultRun, long preloaded, AppRun preload,
            CommitWatcher.Report commits, Times times) {
        BenchCluster cluster = run.cluster();
        FaultSettings settings = run.settings().faults();
        long sent = times.sent();
        FaultRecovery recovery = FaultRecovery.of(run.monitor().samples(), times.updatesStart(), times.faultStart(),
                times.faultEnd(), times.drained(),
                settings.recoveryLag(), Math.round(settings.rate()));
        DeadLetterTopic letters = DeadLetterTopic.read(cluster.bootstrapServers(), Topics.DEAD_LETTERS.name(), READ_TIMEOUT);
        Set<String> refused = fault.refusedCustomers(faultRun);
        VerificationReport verdict = run.verify(refused, letters.sinkKeys()).withEvents(run.accountEvents(letters));
        // The refused customers' letters are checked by the verifier; every other letter must be an injected one.
        long otherLetters = letters.letters().stream()
                .filter(l -> !("sink".equals(l.stage()) && refused.contains(l.key()))).count();
        long expectedLetters = faultRun.injectedTotal();
        if (otherLetters != expectedLetters) {
            verdict = verdict.withProblem(otherLetters + " records in " + Topics.DEAD_LETTERS.name() + ", expected "
                    + expectedLetters + " (the malformed records injected)"
                    + (refused.isEmpty() ? "" : " besides the refused customers'") + ": " + letters.byReason());
        }
        String faultProblem = fault.problem(faultRun, commits);
        if (faultProblem != null) {
            verdict = verdict.withProblem(faultProblem);
        }

        EndpointStats stats = cluster.endpoint().stats();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("recoverySeconds", recovery.seconds());
        figures.put("recoveryLagThreshold", recovery.threshold());
        figures.put("peakLag", recovery.peakLag());
        figures.put("preFaultPeakLag", recovery.preFaultPeakLag());
        figures.put("deadLettered", (long) letters.size());
        figures.put("deadLetteredExpected", expectedLetters + (letters.size() - otherLetters));
        figures.put("deadLetteredBySink", letters.letters().stream().filter(l -> "sink".equals(l.stage())).count());
        figures.put("deadLetteredByTopology", letters.letters().stream().filter(l -> "topology".equals(l.stage())).count());
        faultRun.injected().forEach((kind, injected) -> {
            figures.put(kind.figure("Injected"), injected);
            figures.put(kind.figure("DeadLettered"), letters.letters().stream()
                    .filter(l -> "topology".equals(l.stage()) && PoisonKind.ofKey(l.key()) == kind).count());
        });
        figures.put("updates", sent);
        figures.put("updateRatePerSec", Math.round(settings.rate()));
        figures.put("faultAfterSeconds", BenchFigures.seconds(settings.faultAfter()));
        figures.put("faultSeconds", BenchFigures.seconds(faultRun.length()));
        figures.put("preloadRecords", preloaded);
        figures.put("preloadSeconds", preload.seconds());
        figures.put("lostEvents", verdict.lostEvents());
        figures.put("supersededEvents", verdict.supersededEvents());
        figures.put("olderVersionsIgnored", stats.olderIgnored());
        figures.put("olderGenerationRequests", stats.olderGenerationRequests());
        figures.put("forgetfulEndpoint", settings.forgetfulEndpoint());
        figures.put("endpointErrors", stats.faults().errors());
        figures.put("endpointThrottled", stats.faults().throttled());
        figures.put("endpointResets", stats.faults().resets());
        figures.put("endpointSlow", stats.faults().slow());
        figures.put("fault", fault.describe(faultRun));
        figures.put("deadLetterReasons", letters.byReason().toString());
        figures.put("longestCommitGapSeconds", Math.round(commits.longestGapSeconds() * 10) / 10.0);
        figures.put("groupStatesSeen", String.join(",", new TreeSet<>(commits.statesSeen())));
        figures.put("groupMembersChanged", commits.membersChanged());
        figures.putAll(faultRun.figures());
        figures.put("commitGapDefinition", "longest time the app's committed offsets did not advance while its"
                + " committed lag was above 0, read every " + CommitWatcher.DEFAULT_INTERVAL.toMillis()
                + " ms with the Admin client from the end of the preload to the end of the drain");
        figures.put("recoveryDefinition", "seconds from the fault's end until the app's committed lag (inputs and"
                + " repartition topics) is back at or under recoveryLagThreshold for good, sampled once a second;"
                + " the threshold is --recovery-lag, else " + FaultRecovery.PRE_FAULT_MULTIPLE
                + "x the peak lag of the updates before the fault (at least 1 s of updates)");
        return new Outcome(figures, verdict);
    }

    /** Waits until a moment on the {@link System#nanoTime()} clock; at once if it is past. */
    static void pauseUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** The update phase covers the fault and {@link #TAIL} after it, so recovery happens under load. */
    @Override
    public Duration defaultDuration(FaultSettings faults) {
        return faults.faultAfter().plus(faults.faultFor(fault.defaultLength())).plus(TAIL);
    }

    @Override
    public String problem(BenchSettings settings) {
        FaultSettings faults = settings.faults();
        String problem = faults.problem();
        if (problem != null) {
            return problem;
        }
        Duration window = faults.faultAfter().plus(faults.faultFor(fault.defaultLength()));
        if (settings.duration().compareTo(window) <= 0) {
            return "--duration (" + Durations.format(settings.duration()) + ") must be longer than --fault-after + --fault-for ("
                    + Durations.format(window) + " for " + name + "): the fault happens during the updates";
        }
        return null;
    }

    @Override
    public int brokers() {
        return fault.brokers();
    }

    @Override
    public int defaultCustomers() {
        return 20_000;
    }

    @Override
    public int defaultSkus() {
        return 2_000;
    }
}
