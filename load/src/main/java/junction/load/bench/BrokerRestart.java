package junction.load.bench;

import java.time.Duration;
import junction.cli.Durations;

/**
 * {@code broker-restart}: the broker is stopped (SIGTERM, a clean shutdown) and started again
 * after a while on the same data directory and port. Producers, the stream app and the bench's
 * own clients must reconnect by themselves.
 *
 * <p>{@code broker-kill} is the same with SIGKILL: no clean shutdown, no last flush, the logs
 * recovered at the next start; nothing acknowledged before the kill may be missing after it.
 */
final class BrokerRestart implements Fault {

    private final boolean kill;

    private BrokerRestart(boolean kill) {
        this.kill = kill;
    }

    /** Stopped with SIGTERM. */
    static BrokerRestart graceful() {
        return new BrokerRestart(false);
    }

    /** Killed with SIGKILL. */
    static BrokerRestart killed() {
        return new BrokerRestart(true);
    }

    @Override
    public String describe(FaultRun run) {
        return (kill ? "broker killed with SIGKILL" : "broker stopped with SIGTERM") + ", restarted "
                + Durations.format(run.length()) + " later on the same data directory and port";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Ending begin(FaultRun run) throws InterruptedException {
        if (kill) {
            run.cluster().kill(BenchCluster.BROKER);
        } else {
            run.cluster().stopBroker();
        }
        return run.cluster()::restartBroker;
    }
}
