package junction.load.bench;

import java.time.Duration;
import junction.cli.Durations;

/**
 * {@code broker-restart}: the broker is stopped (SIGTERM, a clean shutdown) and started again
 * after a while on the same data directory and port. Producers, the stream app and the bench's
 * own clients must reconnect by themselves.
 */
final class BrokerRestart implements Fault {

    @Override
    public String describe(FaultRun run) {
        return "broker stopped with SIGTERM, restarted " + Durations.format(run.length())
                + " later on the same data directory and port";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Ending begin(FaultRun run) {
        run.cluster().stopBroker();
        return run.cluster()::restartBroker;
    }
}
