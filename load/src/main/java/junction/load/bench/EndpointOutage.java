package junction.load.bench;

import java.time.Duration;
import junction.cli.Durations;

/**
 * {@code endpoint-outage}: the endpoint refuses connections for a while (its down window), then
 * comes back on the same port. The sink should pause the app rather than dead-letter anything.
 */
final class EndpointOutage implements Fault {

    /** Longest wait for the endpoint to answer once its window is over. */
    private static final Duration BACK_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String describe(FaultRun run) {
        return "endpoint refuses connections for " + Durations.format(run.length());
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Ending begin(FaultRun run) {
        run.cluster().endpoint().downWindow(Duration.ZERO, run.length());
        return () -> run.cluster().awaitEndpointUp(BACK_TIMEOUT);
    }
}
