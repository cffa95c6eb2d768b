package junction.load.bench;

import java.time.Duration;
import junction.cli.Durations;

/**
 * {@code crash}: the stream app is killed (SIGKILL: no shutdown hook, no last commit) and
 * started again after a while with the same application id and state directory. Whatever it had
 * delivered but not committed is delivered again: the endpoint counts those duplicates.
 */
final class AppCrash implements Fault {

    @Override
    public String describe(FaultRun run) {
        return "stream app killed with SIGKILL, restarted " + Durations.format(run.length())
                + " later on the same application id and state directory";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Ending begin(FaultRun run) throws InterruptedException {
        run.cluster().kill(FaultRun.FIRST_INSTANCE);
        return () -> run.startInstance(FaultRun.FIRST_INSTANCE);
    }
}
