package junction.load.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import junction.cli.Durations;
import junction.load.CommitWatcher;
import junction.load.EndpointFaults;

/**
 * The endpoint answers badly for a while ({@link EndpointFaults} set with {@code POST /faults}),
 * then well again: {@code endpoint-flaky} (errors, resets, 429s), {@code endpoint-slow}
 * (answers later than the sink waits), {@code endpoint-crawl} (20 records/s, every answer a 200),
 * {@code endpoint-too-slow} (every answer later than the default response timeout) and
 * {@code auth-expired} (401 to every request). The fault draws are seeded with the run's seed.
 */
final class EndpointMisbehaviour implements Fault {

    /** The sink's response timeout in {@code endpoint-slow}: short, so timeouts come often in a short run. */
    static final Duration SLOW_SCENARIO_RESPONSE_TIMEOUT = Duration.ofSeconds(2);

    private final String what;
    private final Function<EndpointFaults.Builder, EndpointFaults.Builder> faults;
    private final List<String> appOptions;
    private final Duration defaultLength;
    /** Longest time committed offsets may stand still while there is lag; null for no such requirement. */
    private final Duration commitGapLimit;

    private EndpointMisbehaviour(String what, Function<EndpointFaults.Builder, EndpointFaults.Builder> faults,
            List<String> appOptions, Duration defaultLength) {
        this(what, faults, appOptions, defaultLength, null);
    }

    private EndpointMisbehaviour(String what, Function<EndpointFaults.Builder, EndpointFaults.Builder> faults,
            List<String> appOptions, Duration defaultLength, Duration commitGapLimit) {
        this.what = what;
        this.faults = faults;
        this.appOptions = appOptions;
        this.defaultLength = defaultLength;
        this.commitGapLimit = commitGapLimit;
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

    /** The endpoint processes 20 records a second over all requests; commits must still advance every 30 s. */
    static EndpointMisbehaviour crawl() {
        int rate = 20;
        return new EndpointMisbehaviour("processes " + rate + " records/s (every answer a 200)",
                b -> b.crawlRate(rate), List.of(), Duration.ofMinutes(3), CRAWL_COMMIT_GAP_LIMIT);
    }

    /** Every answer after 12 s, with the sink's default response timeout of 10 s: reachable, working, too slow. */
    static EndpointMisbehaviour tooSlow() {
        Duration answers = Duration.ofSeconds(12);
        return new EndpointMisbehaviour("every answer after " + Durations.format(answers)
                        + " (the sink's default response timeout is 10s)",
                b -> b.latency(answers), List.of(), Duration.ofSeconds(60));
    }

    /** 401 to every request (an expired token), the port open. */
    static EndpointMisbehaviour authExpired() {
        return new EndpointMisbehaviour("401 to every request (the token expired)",
                // The window lasts until the faults are cleared at the fault's end.
                b -> b.downStatus(401).downFor(Duration.ofDays(1)), List.of(), Duration.ofSeconds(60));
    }

    /** The longest commit gap {@code endpoint-crawl} allows (issue 12). */
    static final Duration CRAWL_COMMIT_GAP_LIMIT = Duration.ofSeconds(30);

    @Override
    public String problem(FaultRun run, CommitWatcher.Report commits) {
        if (commitGapLimit != null && commits.longestGapSeconds() > commitGapLimit.toSeconds()) {
            return String.format(Locale.ROOT, "committed offsets stood still for %.1f s while there was lag;"
                    + " at most %s allowed", commits.longestGapSeconds(), Durations.format(commitGapLimit));
        }
        return null;
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
