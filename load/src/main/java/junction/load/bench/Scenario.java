package junction.load.bench;

import java.time.Duration;
import java.util.Map;
import junction.load.VerificationReport;

/**
 * A named benchmark: a sequence of {@link BenchRun} steps on a started broker, ending in the
 * figures it measured and the verifier's verdict on the endpoint it delivered to.
 */
interface Scenario {

    /** The figure listing why a run's figures may not hold still (too wide a spread), as texts. */
    String WARNINGS = "warnings";

    /** Figures in display order, and the verdict (null if the scenario delivers nothing to verify). */
    record Outcome(Map<String, Object> figures, VerificationReport verification) {
    }

    Outcome run(BenchRun run) throws Exception;

    /** How long the scenario's fixed-time phase runs when {@code --duration} is not given. */
    default Duration defaultDuration() {
        return Duration.ofSeconds(30);
    }

    /** Like {@link #defaultDuration()}, for a scenario whose phase depends on the fault settings. */
    default Duration defaultDuration(FaultSettings faults) {
        return defaultDuration();
    }

    /**
     * Interleaved passes of each side when {@code --repetitions} is not given (a comparing
     * scenario's); {@link BenchSettings#DEFAULT_PROCESS_PASS_REPETITIONS} unless overridden.
     */
    default int defaultRepetitions() {
        return BenchSettings.DEFAULT_PROCESS_PASS_REPETITIONS;
    }

    /** Why these settings cannot run this scenario, as one line naming the option; null when they can. */
    default String problem(BenchSettings settings) {
        return null;
    }

    default int defaultCustomers() {
        return 100_000;
    }

    default int defaultSkus() {
        return 10_000;
    }

    /** Broker nodes of the scenario's cluster (each a broker and a controller voter). */
    default int brokers() {
        return 1;
    }

    /** The stream app's {@code -Xmx} when {@code --app-heap} is not given. */
    default String defaultAppHeap() {
        return "1g";
    }
}
