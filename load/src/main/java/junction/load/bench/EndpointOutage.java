package junction.load.bench;

import java.time.Duration;
import junction.cli.Durations;
import junction.load.CommitWatcher;

/**
 * {@code endpoint-outage} and {@code outage-long}: the endpoint refuses connections for a while
 * (its down window), then comes back on the same port. The sink should pause the app rather than
 * dead-letter anything, and the app keep its place in the consumer group however long the outage
 * lasts ({@code outage-long}'s 7 minutes outlast the default {@code max.poll.interval.ms}).
 */
final class EndpointOutage implements Fault {

    /** Longest wait for the endpoint to answer once its window is over. */
    private static final Duration BACK_TIMEOUT = Duration.ofSeconds(30);

    private final Duration defaultLength;

    EndpointOutage(Duration defaultLength) {
        this.defaultLength = defaultLength;
    }

    @Override
    public String describe(FaultRun run) {
        return "endpoint refuses connections for " + Durations.format(run.length());
    }

    @Override
    public Duration defaultLength() {
        return defaultLength;
    }

    @Override
    public String problem(FaultRun run, CommitWatcher.Report commits) {
        if (commits.noEviction()) {
            return null;
        }
        return "the app's consumer group left Stable or changed members during the run (states seen: "
                + commits.statesSeen() + ", members changed: " + commits.membersChanged() + ")";
    }

    @Override
    public Ending begin(FaultRun run) {
        run.cluster().endpoint().downWindow(Duration.ZERO, run.length());
        return () -> run.cluster().awaitEndpointUp(BACK_TIMEOUT);
    }
}
