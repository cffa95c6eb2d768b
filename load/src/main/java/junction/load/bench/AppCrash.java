package junction.load.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import junction.cli.Durations;
import junction.load.EndpointClient;
import junction.load.EndpointFaults;

/**
 * {@code crash}: the stream app is killed (SIGKILL: no shutdown hook, no last commit) while the
 * endpoint is slow, so requests are in flight and records unacknowledged at the kill, and started
 * again after a while with the same application id and state directory. Whatever it had delivered
 * but not committed is delivered again (the endpoint counts those duplicates), and whatever was in
 * flight is re-sent by the restarted app (the event accounting finds none lost). Against a 0 ms
 * endpoint almost nothing is unacknowledged at a kill, which would test little.
 */
final class AppCrash implements Fault {

    /**
     * Longer than the sink's linger, shorter than a commit interval (1 s): at any moment requests
     * are in flight (unacknowledged at a kill), and several are acknowledged between two commits
     * (delivered but not committed at a kill: re-sent, the duplicates). With answers slower than a
     * commit interval, every commit waits for the answers and commits at once, and nothing is ever
     * acknowledged-but-uncommitted.
     */
    static final Duration SLOW_ANSWERS = Duration.ofMillis(400);

    @Override
    public String describe(FaultRun run) {
        return "stream app killed with SIGKILL while the endpoint answered after " + Durations.format(SLOW_ANSWERS)
                + ", restarted " + Durations.format(run.length())
                + " later on the same application id and state directory";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Ending begin(FaultRun run) throws InterruptedException {
        EndpointClient endpoint = run.cluster().endpoint();
        EndpointFaults before = endpoint.faults();
        endpoint.faults(before.toBuilder().latency(SLOW_ANSWERS).build());
        // Requests sent from now on are answered late: let a few commit intervals pass, then kill.
        TimeUnit.MILLISECONDS.sleep(2_500);
        run.cluster().kill(FaultRun.FIRST_INSTANCE);
        return () -> {
            endpoint.faults(before);
            run.startInstance(FaultRun.FIRST_INSTANCE);
        };
    }
}
