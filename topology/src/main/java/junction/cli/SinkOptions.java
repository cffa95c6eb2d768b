package junction.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import junction.sink.BodyFormat;
import junction.sink.SinkConfig;
import picocli.CommandLine.Option;

/**
 * The sink's tuning flags, shared by {@code run} and {@code demo}. Defaults equal
 * {@link SinkConfig#defaults()} (a test holds them together); the endpoint itself is an app
 * option because the demo supplies its own.
 */
public final class SinkOptions {

    /** A setting's name in a {@link SinkConfig#validate()} message, not a piece of a URI or host in it. */
    private static final Pattern SETTING = Pattern.compile("(?<![\\w./])sink\\.([a-zA-Z]+)");

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
            Map.entry("lanes", "--sink-lanes"),
            Map.entry("maxInFlight", "--sink-max-in-flight"),
            Map.entry("maxBufferedRecords", "--sink-buffer"),
            Map.entry("connectTimeout", "--sink-connect-timeout"),
            Map.entry("responseTimeout", "--sink-response-timeout"),
            Map.entry("maxRetryTime", "--sink-max-retry-time"),
            Map.entry("format", "--sink-format"),
            Map.entry("gzip", "--sink-gzip"));

    @Option(names = "--sink-batch-records", defaultValue = "500", description = "Most records in one request. Default: ${DEFAULT-VALUE}.")
    int batchRecords;

    @Option(names = "--sink-batch-bytes", defaultValue = "1048576", description = "Most bytes in one request body. Default: ${DEFAULT-VALUE}.")
    int batchBytes;

    @Option(names = "--sink-linger", defaultValue = "20ms", description = "How long a lane waits to fill a batch. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Option(names = "--sink-lanes", defaultValue = "64", description = "Lanes by customer key; a lane has one request in flight, so each customer's versions stay in order. Default: ${DEFAULT-VALUE}.")
    int lanes;

    @Option(names = "--sink-max-in-flight", defaultValue = "16", description = "Most concurrent requests. Default: ${DEFAULT-VALUE}.")
    int maxInFlight;

    @Option(names = "--sink-buffer", defaultValue = "20000", description = "Most records accepted but not yet acknowledged; beyond it the stream thread waits (backpressure). Default: ${DEFAULT-VALUE}.")
    int buffer;

    @Option(names = "--sink-connect-timeout", defaultValue = "5s", description = "Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--sink-response-timeout", defaultValue = "10s", description = "Default: ${DEFAULT-VALUE}.")
    Duration responseTimeout;

    @Option(names = "--sink-max-retry-time", defaultValue = "60s", description = "Retry a failing batch this long, then dead-letter it. Default: ${DEFAULT-VALUE}.")
    Duration maxRetryTime;

    @Option(names = "--sink-format", defaultValue = "NDJSON", description = "Request body: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    BodyFormat format;

    @Option(names = "--sink-gzip", defaultValue = "false", description = "Compress request bodies. Default: ${DEFAULT-VALUE}.")
    boolean gzip;

    /** The sink configuration for this endpoint, or a one-line {@link CommandLines.UserError}. */
    public SinkConfig toConfig(URI endpoint) {
        SinkConfig config = SinkConfig.defaults().toBuilder()
                .endpoint(endpoint)
                .maxBatchRecords(batchRecords)
                .maxBatchBytes(batchBytes)
                .linger(linger)
                .lanes(lanes)
                .maxInFlight(maxInFlight)
                .maxBufferedRecords(buffer)
                .connectTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .maxRetryTime(maxRetryTime)
                .format(format)
                .gzip(gzip)
                .build();
        config.validate().ifPresent(problem -> {
            throw new CommandLines.UserError(asOption(problem));
        });
        return config;
    }

    /**
     * "sink.maxInFlight must be > 0" reads "--sink-max-in-flight must be > 0" on a command line;
     * a setting without a flag keeps its name.
     */
    public static String asOption(String problem) {
        return SETTING.matcher(problem).replaceAll(
                m -> Matcher.quoteReplacement(FLAGS.getOrDefault(m.group(1), m.group())));
    }

    /** One line for the printed configuration. */
    public static String describe(SinkConfig c) {
        return withoutCredentials(c.endpoint()) + " (" + c.format() + (c.gzip() ? "+gzip" : "")
                + ", batch " + c.maxBatchRecords()
                + " records / " + c.maxBatchBytes() + " bytes / " + Durations.format(c.linger())
                + ", lanes " + c.lanes() + ", in flight " + c.maxInFlight() + ", buffer " + c.maxBufferedRecords()
                + ", timeouts connect " + Durations.format(c.connectTimeout()) + " response "
                + Durations.format(c.responseTimeout()) + ", retry up to " + Durations.format(c.maxRetryTime()) + ")";
    }

    /** The printed configuration is logged and shared; a password in the endpoint's URI must not be. */
    private static String withoutCredentials(URI endpoint) {
        String userInfo = endpoint.getRawUserInfo();
        return userInfo == null ? endpoint.toString() : endpoint.toString().replace(userInfo + "@", "****@");
    }
}
