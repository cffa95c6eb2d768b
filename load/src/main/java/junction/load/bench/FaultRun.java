package junction.load.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * What a {@link Fault} acts on during one fault scenario: the cluster, the application and its
 * instances. It also takes what the fault reports back: which instance is left to finish the
 * run, and the malformed records it injected (which must all be dead-lettered).
 */
final class FaultRun {

    /** The process name of the app's first instance. */
    static final String FIRST_INSTANCE = "app";

    private final BenchRun run;
    private final String applicationId;
    private final List<String> appOptions;
    private final Duration length;
    private volatile String finishingInstance = FIRST_INSTANCE;
    private final Map<PoisonKind, Long> injected = new EnumMap<>(PoisonKind.class);
    private final Map<String, Object> figures = Collections.synchronizedMap(new LinkedHashMap<>());

    FaultRun(BenchRun run, String applicationId, List<String> appOptions, Duration length) {
        this.run = run;
        this.applicationId = applicationId;
        this.appOptions = List.copyOf(appOptions);
        this.length = length;
    }

    BenchRun run() {
        return run;
    }

    BenchCluster cluster() {
        return run.cluster();
    }

    FaultSettings settings() {
        return run.settings().faults();
    }

    /** The application id every instance of the app shares (its consumer group). */
    String applicationId() {
        return applicationId;
    }

    /** How long the fault lasts. */
    Duration length() {
        return length;
    }

    /** Starts an instance of the app (or starts one again, on its state directory); returns once it is RUNNING. */
    void startInstance(String name) throws TimeoutException, InterruptedException {
        run.startInstance(name, applicationId, appOptions);
    }

    /** The instance whose lag the run waits for at the end, and which it stops: one still running. */
    String finishingInstance() {
        return finishingInstance;
    }

    /** Hands the end of the run to another instance (the first one left). */
    void finishWith(String instance) {
        finishingInstance = instance;
    }

    /** Records malformed records sent, by kind: each must end up in the dead-letter topic. */
    void injected(Map<PoisonKind, Long> counts) {
        counts.forEach((kind, n) -> injected.merge(kind, n, Long::sum));
    }

    /** The malformed records sent, by kind, in kind order. */
    Map<PoisonKind, Long> injected() {
        return Collections.unmodifiableMap(new EnumMap<>(injected));
    }

    long injectedTotal() {
        return injected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A figure only this fault measures (a pause, what a refused start printed), for the report after the scenario's own. */
    void figure(String name, Object value) {
        figures.put(name, value);
    }

    /** The fault's own figures, in the order given. */
    Map<String, Object> figures() {
        synchronized (figures) {
            return new LinkedHashMap<>(figures);
        }
    }
}
