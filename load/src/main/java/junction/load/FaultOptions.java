package junction.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import junction.cli.CommandLines;
import junction.cli.Durations;
import picocli.CommandLine.Option;

/**
 * The analytics endpoint's fault flags ({@link EndpointFaults}), shared by {@code endpoint} and
 * {@code demo}. No flag, no fault. The same faults can be changed at run time with
 * {@code POST /faults}.
 */
public final class FaultOptions {

    /** The flag of each {@link EndpointFaults} field; a test holds this map, the fields and the flags together. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("latency", "--endpoint-latency"),
            Map.entry("jitter", "--endpoint-jitter"),
            Map.entry("errorRate", "--endpoint-error-rate"),
            Map.entry("errorStatuses", "--endpoint-error-statuses"),
            Map.entry("throttleRate", "--endpoint-throttle-rate"),
            Map.entry("retryAfter", "--endpoint-retry-after"),
            Map.entry("resetRate", "--endpoint-reset-rate"),
            Map.entry("slowRate", "--endpoint-slow-rate"),
            Map.entry("slowDelay", "--endpoint-slow-delay"),
            Map.entry("rejectCustomers", "--endpoint-reject"),
            Map.entry("downAfter", "--endpoint-down-after"),
            Map.entry("downFor", "--endpoint-down-for"),
            Map.entry("seed", "--endpoint-fault-seed"),
            Map.entry("crawlRate", "--endpoint-crawl-rate"),
            Map.entry("downStatus", "--endpoint-down-status"),
            Map.entry("rejectStatus", "--endpoint-reject-status"),
            Map.entry("forgetful", "--endpoint-forgetful"),
            Map.entry("holdResponses", "--endpoint-hold-responses"));

    private static final Pattern FIELD = Pattern.compile("\\b(" + String.join("|", FLAGS.keySet()) + ")\\b");

    @Option(names = "--endpoint-latency", defaultValue = "0ms", converter = Durations.class,
            description = "Endpoint fault: fixed delay before each ingest request is answered. Default: ${DEFAULT-VALUE}.")
    Duration latency;

    @Option(names = "--endpoint-jitter", defaultValue = "0ms", converter = Durations.class,
            description = "Endpoint fault: extra delay drawn uniformly from 0 to this. Default: ${DEFAULT-VALUE}.")
    Duration jitter;

    @Option(names = "--endpoint-error-rate", defaultValue = "0", paramLabel = "0..1",
            description = "Endpoint fault: share of ingest requests answered with an error status. Default: ${DEFAULT-VALUE}.")
    double errorRate;

    @Option(names = "--endpoint-error-statuses", defaultValue = "500,502,503", split = ",", paramLabel = "STATUS",
            description = "Statuses of those errors, picked uniformly. Default: ${DEFAULT-VALUE}.")
    List<Integer> errorStatuses;

    @Option(names = "--endpoint-throttle-rate", defaultValue = "0", paramLabel = "0..1",
            description = "Endpoint fault: share of ingest requests answered 429 with Retry-After. Default: ${DEFAULT-VALUE}.")
    double throttleRate;

    @Option(names = "--endpoint-retry-after", defaultValue = "1s", converter = Durations.class,
            description = "Retry-After of a 429, in whole seconds. Default: ${DEFAULT-VALUE}.")
    Duration retryAfter;

    @Option(names = "--endpoint-reset-rate", defaultValue = "0", paramLabel = "0..1",
            description = "Endpoint fault: share of ingest requests whose connection is reset without an answer. Default: ${DEFAULT-VALUE}.")
    double resetRate;

    @Option(names = "--endpoint-slow-rate", defaultValue = "0", paramLabel = "0..1",
            description = "Endpoint fault: share of ingest requests delayed by --endpoint-slow-delay. Default: ${DEFAULT-VALUE}.")
    double slowRate;

    @Option(names = "--endpoint-slow-delay", defaultValue = "15s", converter = Durations.class,
            description = "Delay of a slow request (beyond the sink's response timeout to test it). Default: ${DEFAULT-VALUE}.")
    Duration slowDelay;

    @Option(names = "--endpoint-reject", split = ",", paramLabel = "CUSTOMER_ID",
            description = "Endpoint fault: customer ids refused (with --endpoint-reject-status); nothing of a batch holding one is kept.")
    Set<String> rejectCustomers;

    @Option(names = "--endpoint-down-after", defaultValue = "0s", converter = Durations.class,
            description = "When the endpoint's down window starts, from its start. Default: ${DEFAULT-VALUE}.")
    Duration downAfter;

    @Option(names = "--endpoint-down-for", defaultValue = "0s", converter = Durations.class,
            description = "Endpoint fault: length of a down window refusing connections, then it is back on the same port; 0 for none. Default: ${DEFAULT-VALUE}.")
    Duration downFor;

    @Option(names = "--endpoint-fault-seed", paramLabel = "SEED",
            description = "Seed of the endpoint's fault draws, for a reproducible run. Default: random.")
    Long seed;

    @Option(names = "--endpoint-crawl-rate", defaultValue = "0", paramLabel = "RECORDS_PER_SEC",
            description = "Endpoint fault: records per second it processes at most over all requests; a request is"
                    + " answered once its records had their turn. 0 for no limit. Default: ${DEFAULT-VALUE}.")
    int crawlRate;

    @Option(names = "--endpoint-down-status", defaultValue = "0", paramLabel = "STATUS",
            description = "Status every ingest request gets during the down window, the port staying open (e.g. 401);"
                    + " 0 refuses connections instead. Default: ${DEFAULT-VALUE}.")
    int downStatus;

    @Option(names = "--endpoint-reject-status", defaultValue = "400", paramLabel = "STATUS",
            description = "Status refusing a batch with a customer of --endpoint-reject (e.g. 500 for a record that"
                    + " makes the endpoint fail). Default: ${DEFAULT-VALUE}.")
    int rejectStatus;
    @Option(names = "--endpoint-forgetful",
            description = "Endpoint mode: remember no event id; keep each customer's highest version only and ignore "
                    + "(with 200) older ones, as a last-writer-wins receiver does.")
    boolean forgetful;

    @Option(names = "--endpoint-hold-responses",
            description = "Endpoint fault: read ingest requests but neither apply nor answer them until "
                    + "POST /faults {\"holdResponses\":false}.")
    boolean holdResponses;

    /** The faults these flags ask for, or a one-line {@link CommandLines.UserError} naming the flag. */
    public EndpointFaults toFaults() {
        try {
            return EndpointFaults.builder()
                    .latency(latency)
                    .jitter(jitter)
                    .errorRate(errorRate)
                    .errorStatuses(errorStatuses)
                    .throttleRate(throttleRate)
                    .retryAfter(retryAfter)
                    .resetRate(resetRate)
                    .slowRate(slowRate)
                    .slowDelay(slowDelay)
                    .rejectCustomers(rejectCustomers)
                    .downAfter(downAfter)
                    .downFor(downFor)
                    .seed(seed)
                    .crawlRate(crawlRate)
                    .downStatus(downStatus)
                    .rejectStatus(rejectStatus)
                    .forgetful(forgetful)
                    .holdResponses(holdResponses)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UserError(asOption(e.getMessage()));
        }
    }

    /** "errorRate must be within 0..1" reads "--endpoint-error-rate must be within 0..1" on a command line. */
    static String asOption(String problem) {
        return FIELD.matcher(problem).replaceAll(m -> Matcher.quoteReplacement(FLAGS.get(m.group(1))));
    }
}
