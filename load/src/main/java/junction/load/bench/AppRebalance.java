package junction.load.bench;

import java.time.Duration;
import junction.cli.Durations;

/**
 * {@code rebalance}: a second instance of the app (same application id, its own state
 * directory) joins the group, and a while later the first one leaves with SIGTERM, a clean
 * shutdown. Its tasks move twice; the second instance finishes the run.
 */
final class AppRebalance implements Fault {

    static final String SECOND_INSTANCE = "app_2";

    @Override
    public String describe(FaultRun run) {
        return "a second app instance joins; " + Durations.format(run.length()) + " after it is running, the first leaves with SIGTERM";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(20);
    }

    @Override
    public Ending begin(FaultRun run) throws Exception {
        run.startInstance(SECOND_INSTANCE);
        return () -> {
            run.finishWith(SECOND_INSTANCE);
            run.cluster().stop(FaultRun.FIRST_INSTANCE);
        };
    }
}
