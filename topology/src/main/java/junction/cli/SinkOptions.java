package junction.cli;

import java.time.Duration;
import java.util.Locale;
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

    private static final Pattern SETTING = Pattern.compile("sink\\.([a-zA-Z]+)");

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
    public SinkConfig toConfig(java.net.URI endpoint) {
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

    /** "sink.maxInFlight must be > 0" reads "--sink-max-in-flight must be > 0" on a command line. */
    public static String asOption(String problem) {
        Matcher m = SETTING.matcher(problem);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kebab = m.group(1).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            m.appendReplacement(out, "--sink-" + kebab);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** One line for the printed configuration. */
    public static String describe(SinkConfig c) {
        return c.endpoint() + " (" + c.format() + (c.gzip() ? "+gzip" : "") + ", batch " + c.maxBatchRecords()
                + " records / " + c.maxBatchBytes() + " bytes / " + Durations.format(c.linger())
                + ", lanes " + c.lanes() + ", in flight " + c.maxInFlight() + ", buffer " + c.maxBufferedRecords()
                + ", timeouts connect " + Durations.format(c.connectTimeout()) + " response "
                + Durations.format(c.responseTimeout()) + ", retry up to " + Durations.format(c.maxRetryTime()) + ")";
    }
}
