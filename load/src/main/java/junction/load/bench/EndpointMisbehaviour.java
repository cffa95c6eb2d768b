package junction.load.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import junction.cli.Durations;
import junction.load.EndpointFaults;

/**
 * The endpoint answers badly for a while ({@link EndpointFaults} set with {@code POST /faults}),
 * then well again: {@code endpoint-flaky} (errors, resets, 429s) and {@code endpoint-slow}
 * (answers later than the sink waits). The fault draws are seeded with the run's seed.
 */
final class EndpointMisbehaviour implements Fault {

    /** The sink's response timeout in {@code endpoint-slow}: short, so timeouts come often in a short run. */
    static final Duration SLOW_SCENARIO_RESPONSE_TIMEOUT = Duration.ofSeconds(2);

    private final String what;
    private final Function<EndpointFaults.Builder, EndpointFaults.Builder> faults;
    private final List<String> appOptions;
    private final Duration defaultLength;

    private EndpointMisbehaviour(String what, Function<EndpointFaults.Builder, EndpointFaults.Builder> faults,
            List<String> appOptions, Duration defaultLength) {
        this.what = what;
        this.faults = faults;
        this.appOptions = appOptions;
        this.defaultLength = defaultLength;
    }

    /** 30% of requests answered 500/502/503, 5% reset without an answer, 5% answered 429 with Retry-After: 1. */
    static EndpointMisbehaviour flaky() {
        return new EndpointMisbehaviour("30% 5xx, 5% connection resets, 5% 429 with Retry-After 1 s",
                b -> b.errorRate(0.30).resetRate(0.05).throttleRate(0.05).retryAfter(Duration.ofSeconds(1)),
                List.of(), Duration.ofSeconds(30));
    }

    /** 20% of requests answered after 3 s, while the sink gives up on an answer after 2 s. */
    static EndpointMisbehaviour slow() {
        Duration delay = SLOW_SCENARIO_RESPONSE_TIMEOUT.plusSeconds(1);
        return new EndpointMisbehaviour("20% of requests answered after " + Durations.format(delay)
                        + ", beyond the sink's response timeout of " + Durations.format(SLOW_SCENARIO_RESPONSE_TIMEOUT),
                b -> b.slowRate(0.20).slowDelay(delay),
                List.of("--sink-response-timeout", Durations.format(SLOW_SCENARIO_RESPONSE_TIMEOUT)),
                Duration.ofSeconds(30));
    }

    @Override
    public String describe(FaultRun run) {
        return "endpoint: " + what + " for " + Durations.format(run.length());
    }

    @Override
    public Duration defaultLength() {
        return defaultLength;
    }

    @Override
    public List<String> appOptions() {
        return appOptions;
    }

    @Override
    public Ending begin(FaultRun run) {
        EndpointFaults inForce = faults.apply(EndpointFaults.builder().seed(run.run().settings().seed())).build();
        run.cluster().endpoint().faults(inForce);
        return () -> run.cluster().endpoint().clearFaults();
    }
}
