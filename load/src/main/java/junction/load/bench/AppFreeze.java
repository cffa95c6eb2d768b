package junction.load.bench;

import java.time.Duration;
import java.util.List;
import junction.cli.Durations;

/**
 * {@code frozen-instance}: a second instance joins; then the first is frozen (SIGSTOP, as a long
 * GC pause or a suspended VM would) for longer than the session timeout, so the group fences it
 * and the second instance takes its partitions; then it is thawed (SIGCONT). The thawed instance
 * is a zombie until its next poll tells it the partitions are lost: the sink then drops what it
 * still holds for them, and the versions let a last-writer-wins endpoint ignore anything older it
 * sent meanwhile. The run ends verified against the forgetful endpoint: 0 stale, 0 lost events.
 */
final class AppFreeze implements Fault {

    /** Short, so the freeze outlasts it in seconds; the heartbeat a third of it, as Kafka advises. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(3);

    @Override
    public String describe(FaultRun run) {
        return "a second instance joins; once it runs, the first is frozen with SIGSTOP for " + Durations.format(run.length())
                + " (session timeout " + Durations.format(SESSION_TIMEOUT) + "), then thawed with SIGCONT";
    }

    @Override
    public Duration defaultLength() {
        return SESSION_TIMEOUT.multipliedBy(2);
    }

    @Override
    public List<String> appOptions() {
        return List.of("--kafka", "session.timeout.ms=" + SESSION_TIMEOUT.toMillis(),
                "--kafka", "heartbeat.interval.ms=" + HEARTBEAT.toMillis());
    }

    /** The freeze lasts the fault's length from the SIGSTOP, whenever the scenario asks to end it. */
    @Override
    public Ending begin(FaultRun run) throws Exception {
        run.startInstance(AppRebalance.SECOND_INSTANCE);
        run.cluster().signal(FaultRun.FIRST_INSTANCE, "STOP");
        long thawAt = System.nanoTime() + run.length().toNanos();
        return () -> {
            FaultScenario.pauseUntil(thawAt);
            run.cluster().signal(FaultRun.FIRST_INSTANCE, "CONT");
            run.finishWith(AppRebalance.SECOND_INSTANCE);
        };
    }
}
