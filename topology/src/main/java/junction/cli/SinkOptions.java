package junction.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import junction.sink.BodyFormat;
import junction.sink.SecretSource;
import junction.sink.SinkAuth;
import junction.sink.SinkConfig;
import junction.sink.SinkTls;
import picocli.CommandLine.Option;

/**
 * The sink's tuning flags, shared by {@code run} and {@code demo}. Defaults equal
 * {@link SinkConfig#defaults()} (a test holds them together); the endpoint itself is an app
 * option because the demo supplies its own.
 */
public final class SinkOptions {

    /** A setting's name in a {@link SinkConfig#validate()} message, not a piece of a URI or host in it. */
    private static final Pattern SETTING = Pattern.compile("(?<![\\w./])sink\\.([a-zA-Z]+)(\\.[a-zA-Z]+)?");

    /**
     * The flag of each setting that has one. Spelled out because several flags are not the
     * setting's name in kebab case ({@code maxBatchRecords} is {@code --sink-batch-records}) and
     * the endpoint is an app flag; a test holds this map and the flags together.
     */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("endpoint", "--endpoint"),
            Map.entry("maxBatchRecords", "--sink-batch-records"),
            Map.entry("maxBatchBytes", "--sink-batch-bytes"),
            Map.entry("linger", "--sink-linger"),
            Map.entry("backlogLinger", "--sink-backlog-linger"),
            Map.entry("lanes", "--sink-lanes"),
            Map.entry("maxInFlight", "--sink-max-in-flight"),
            Map.entry("maxBufferedRecords", "--sink-buffer"),
            Map.entry("maxBufferedBytes", "--sink-buffer-bytes"),
            Map.entry("maxUnsettledTime", "--sink-max-unsettled-time"),
            Map.entry("refusalStatuses", "--sink-refusal-statuses"),
            Map.entry("connectTimeout", "--sink-connect-timeout"),
            Map.entry("responseTimeout", "--sink-response-timeout"),
            Map.entry("maxRetryTime", "--sink-max-retry-time"),
            Map.entry("format", "--sink-format"),
            Map.entry("gzip", "--sink-gzip"),
            Map.entry("adaptiveConcurrency", "--sink-adaptive-concurrency"),
            Map.entry("retryableStatuses", "--sink-retryable-statuses"),
            Map.entry("maxConnections", "--sink-max-connections"),
            Map.entry("pendingAcquireTimeout", "--sink-pending-acquire-timeout"),
            Map.entry("maxIdleTime", "--sink-max-idle-time"),
            Map.entry("outageWindow", "--sink-outage-window"),
            Map.entry("auth.username", "--sink-basic-user"),
            Map.entry("auth.secret", "the secret source (--sink-bearer-token or --sink-basic-password)"),
            Map.entry("tls.trustedCertificates", "--sink-tls-trust"),
            Map.entry("tls.clientCertificate", "--sink-tls-cert"),
            Map.entry("tls.clientKey", "--sink-tls-key"));

    @Option(names = "--sink-batch-records", defaultValue = "500", description = "Most records in one request. Default: ${DEFAULT-VALUE}.")
    int batchRecords;

    @Option(names = "--sink-batch-bytes", defaultValue = "1048576", description = "Most bytes in one request body. Default: ${DEFAULT-VALUE}.")
    int batchBytes;

    @Option(names = "--sink-linger", defaultValue = "20ms", description = "How long a lane waits to fill a batch. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Option(names = "--sink-backlog-linger", defaultValue = "100ms", description = "How long a lane waits to fill a batch while it delivers a backlog: its oldest record more than ten times this old since its source timestamp (a catch-up, a replay). Fewer, fuller requests are less work for the endpoint; the wait adds at most a tenth to such a record's latency. Default: ${DEFAULT-VALUE}.")
    Duration backlogLinger;

    @Option(names = "--sink-lanes", defaultValue = "4", description = "Lanes by customer key; a lane has one request in flight, so each customer's versions stay in order. At most this many requests are in flight. Default: ${DEFAULT-VALUE}.")
    int lanes;

    @Option(names = "--sink-max-in-flight", defaultValue = "4", description = "Most concurrent requests (the adaptive limit's ceiling); more than --sink-lanes has no effect. Default: ${DEFAULT-VALUE}.")
    int maxInFlight;

    @Option(names = "--sink-buffer", defaultValue = "20000", description = "Most records accepted but not yet acknowledged; beyond it the stream thread waits (backpressure). Default: ${DEFAULT-VALUE}.")
    int buffer;

    @Option(names = "--sink-buffer-bytes", defaultValue = "67108864", description = "Most bytes of records accepted but not yet acknowledged (a single larger record is let in alone). Default: ${DEFAULT-VALUE}.")
    long bufferBytes;

    @Option(names = "--sink-max-unsettled-time", defaultValue = "10s", description = "Input pauses once the sink holds more than it delivers in this long at its measured rate (or half of --sink-buffer/--sink-buffer-bytes): what a commit trails by and what a crash re-sends. Default: ${DEFAULT-VALUE}.")
    Duration maxUnsettledTime;

    @Option(names = "--sink-refusal-statuses", defaultValue = "401,403,404,405,407,415", split = ",", paramLabel = "STATUS",
            description = "Statuses that refuse the request itself (credentials, routing): records are kept, the sink pauses and retries, re-reading a file: secret; never dead-lettered. Default: ${DEFAULT-VALUE}.")
    Set<Integer> refusalStatuses;

    @Option(names = "--sink-connect-timeout", defaultValue = "5s", description = "Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--sink-response-timeout", defaultValue = "10s", description = "Default: ${DEFAULT-VALUE}.")
    Duration responseTimeout;

    @Option(names = "--sink-max-retry-time", defaultValue = "60s", description = "Retry a failing batch this long, then dead-letter it. Default: ${DEFAULT-VALUE}.")
    Duration maxRetryTime;

    @Option(names = "--sink-retryable-statuses", defaultValue = "408,429,500,502,503,504", split = ",", paramLabel = "STATUS",
            description = "Statuses retried (with backoff, or after Retry-After); other 4xx are bisected to the refused records, and those dead-lettered. Default: ${DEFAULT-VALUE}.")
    Set<Integer> retryableStatuses;

    @Option(names = "--sink-max-connections", defaultValue = "0", description = "Connection pool size; 0 for as many as --sink-max-in-flight. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--sink-pending-acquire-timeout", defaultValue = "30s", description = "Longest wait for a pooled connection. Default: ${DEFAULT-VALUE}.")
    Duration pendingAcquireTimeout;

    @Option(names = "--sink-max-idle-time", defaultValue = "30s", description = "A pooled connection idle this long is closed. Default: ${DEFAULT-VALUE}.")
    Duration maxIdleTime;

    @Option(names = "--sink-format", defaultValue = "NDJSON", description = "Request body: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    BodyFormat format;

    @Option(names = "--sink-gzip", defaultValue = "false", description = "Compress request bodies. Default: ${DEFAULT-VALUE}.")
    boolean gzip;

    @Option(names = "--sink-adaptive-concurrency", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Adapt the in-flight limit to the endpoint's round-trip time and errors (AIMD), up to --sink-max-in-flight; --no-sink-adaptive-concurrency keeps it fixed. Default: ${DEFAULT-VALUE}.")
    boolean adaptiveConcurrency;

    @Option(names = "--sink-outage-window", defaultValue = "10s", description = "Only failures for this long mean the endpoint is down: processing pauses, nothing is dead-lettered, and resumes by itself. Default: ${DEFAULT-VALUE}.")
    Duration outageWindow;

    @Option(names = "--sink-bearer-token", paramLabel = "env:NAME|file:PATH", description = "Send Authorization: Bearer with the token read from an environment variable or a file (never a value on the command line).")
    String bearerToken;

    @Option(names = "--sink-basic-user", description = "Basic auth user name (with --sink-basic-password).")
    String basicUser;

    @Option(names = "--sink-basic-password", paramLabel = "env:NAME|file:PATH", description = "Basic auth password, read from an environment variable or a file.")
    String basicPassword;

    @Option(names = "--sink-tls-trust", paramLabel = "PEM", description = "CA certificates to trust for an https endpoint (default: the JDK's trust store).")
    Path tlsTrust;

    @Option(names = "--sink-tls-cert", paramLabel = "PEM", description = "Client certificate for mutual TLS (with --sink-tls-key).")
    Path tlsCert;

    @Option(names = "--sink-tls-key", paramLabel = "PEM", description = "Client private key (PKCS#8) for mutual TLS.")
    Path tlsKey;

    /** The sink configuration for this endpoint, or a one-line {@link CommandLines.UserError}. */
    public SinkConfig toConfig(URI endpoint) {
        SinkConfig config = SinkConfig.defaults().toBuilder()
                .endpoint(endpoint)
                .maxBatchRecords(batchRecords)
                .maxBatchBytes(batchBytes)
                .linger(linger)
                .backlogLinger(backlogLinger)
                .lanes(lanes)
                .maxInFlight(maxInFlight)
                .maxBufferedRecords(buffer)
                .maxBufferedBytes(bufferBytes)
                .maxUnsettledTime(maxUnsettledTime)
                .refusalStatuses(refusalStatuses)
                .connectTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .maxRetryTime(maxRetryTime)
                .format(format)
                .gzip(gzip)
                .adaptiveConcurrency(adaptiveConcurrency)
                .retryableStatuses(retryableStatuses)
                .maxConnections(maxConnections)
                .pendingAcquireTimeout(pendingAcquireTimeout)
                .maxIdleTime(maxIdleTime)
                .outageWindow(outageWindow)
                .auth(auth())
                .tls(new SinkTls(tlsTrust, tlsCert, tlsKey))
                .build();
        config.validate().ifPresent(problem -> {
            throw new CommandLines.UserError(asOption(problem));
        });
        return config;
    }

    private SinkAuth auth() {
        if (bearerToken != null && (basicUser != null || basicPassword != null)) {
            throw new CommandLines.UserError("--sink-bearer-token and --sink-basic-user/--sink-basic-password exclude each other");
        }
        if (bearerToken != null) {
            return SinkAuth.bearer(readable("--sink-bearer-token", bearerToken));
        }
        if (basicUser != null || basicPassword != null) {
            if (basicUser == null || basicPassword == null) {
                throw new CommandLines.UserError("--sink-basic-user and --sink-basic-password go together");
            }
            return SinkAuth.basic(basicUser, readable("--sink-basic-password", basicPassword));
        }
        return SinkAuth.none();
    }

    /**
     * The secret source, once it has been read: the sink reads it again when it starts, but a file
     * that is missing or an unset variable should stop the command before anything starts, in
     * one line naming the flag. The secret itself is dropped here and never shown.
     */
    private static String readable(String flag, String source) {
        try {
            SecretSource.read(flag, source);
            return source;
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UserError(e.getMessage());
        }
    }

    /**
     * "sink.maxInFlight must be > 0" reads "--sink-max-in-flight must be > 0" on a command line;
     * a setting without a flag keeps its name.
     */
    public static String asOption(String problem) {
        return SETTING.matcher(problem).replaceAll(m -> {
            String nested = m.group(2) == null ? null : FLAGS.get(m.group(1) + m.group(2));
            String flag = nested != null ? nested
                    : FLAGS.containsKey(m.group(1)) ? FLAGS.get(m.group(1)) + (m.group(2) == null ? "" : m.group(2))
                    : m.group();
            return Matcher.quoteReplacement(flag);
        });
    }

    /** One line for the printed configuration. */
    public static String describe(SinkConfig c) {
        return withoutCredentials(c.endpoint()) + " (" + c.format() + (c.gzip() ? "+gzip" : "")
                + ", batch " + c.maxBatchRecords()
                + " records / " + c.maxBatchBytes() + " bytes / " + Durations.format(c.linger())
                + " (" + Durations.format(c.backlogLinger()) + " under a backlog)"
                + ", lanes " + c.lanes() + ", in flight " + c.maxInFlight() + ", buffer " + c.maxBufferedRecords()
                + " records / " + c.maxBufferedBytes() + " bytes / " + Durations.format(c.maxUnsettledTime())
                + " of deliveries, refusals " + new java.util.TreeSet<>(c.refusalStatuses())
                + ", timeouts connect " + Durations.format(c.connectTimeout()) + " response "
                + Durations.format(c.responseTimeout()) + ", retry up to " + Durations.format(c.maxRetryTime())
                + ", concurrency " + (c.adaptiveConcurrency() ? "adaptive" : "fixed")
                + ", auth " + c.auth() + ", tls " + c.tls() + ")";
    }

    /** The printed configuration is logged and shared; a password in the endpoint's URI must not be. */
    private static String withoutCredentials(URI endpoint) {
        String userInfo = endpoint.getRawUserInfo();
        return userInfo == null ? endpoint.toString() : endpoint.toString().replace(userInfo + "@", "****@");
    }
}
