package junction.load.bench;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import junction.load.CommitWatcher;

/**
 * What a {@link FaultScenario} does to the running pipeline: {@link #begin} puts the fault in
 * force and returns how to end it. The scenario calls both at their times and measures the rest.
 */
interface Fault {

    /** Ends a fault: restarts what was stopped, clears what was set. */
    @FunctionalInterface
    interface Ending {
        void end() throws Exception;
    }

    /** One line for the report: what is done, for how long (the run knows the length and settings). */
    String describe(FaultRun run);

    /** How long the fault lasts when {@code --fault-for} is not given. */
    Duration defaultLength();

    /** {@code run} options every instance of the app gets for this fault (e.g. a sink timeout). */
    default List<String> appOptions() {
        return List.of();
    }

    /** Broker nodes the scenario's cluster needs: one, unless the fault acts on one of several. */
    default int brokers() {
        return 1;
    }

    /** Puts the fault in force (it may take a moment, e.g. for a process to start) and returns its ending. */
    Ending begin(FaultRun run) throws Exception;

    /** Done once the endpoint runs and before the preload: faults that stand for the whole run. */
    default void prepare(FaultRun run) throws Exception {
    }

    /**
     * Customers the endpoint refuses throughout the run: their records must all be dead-lettered
     * by the sink, and only theirs.
     */
    default Set<String> refusedCustomers(FaultRun run) {
        return Set.of();
    }

    /**
     * What this fault requires beyond the verifier, judged at the end of the run from what the
     * fault saw and from the group's commits watched from outside; a one-line problem, or null.
     */
    default String problem(FaultRun run, CommitWatcher.Report commits) {
        return null;
    }
}
