package junction.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import junction.metrics.OpsAuth;
import junction.metrics.Thresholds;
import junction.sink.SecretSource;

import java.time.Duration;
import junction.metrics.OpsServer;
import picocli.CommandLine.Option;

/** Where the ops endpoints listen and how often host and pipeline samples are taken. */
public final class OpsOptions {

    @Option(names = "--metrics-host", defaultValue = "localhost", description = "Address of /metrics, /health, /summary (0.0.0.0 to expose it). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--metrics-port", defaultValue = "9400", description = "Port of /metrics, /health, /summary (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--sample-interval", defaultValue = "10s", description = "How often host and pipeline samples are taken. Default: ${DEFAULT-VALUE}.")
    Duration sampleInterval;

    @Option(names = "--threshold", paramLabel = "NAME=WARNING:CRITICAL",
            description = "Levels of a /summary signal, repeatable, e.g. e2e-p99-ms=500:2000. Names: "
                    + "throughput-in, delivered-share, e2e-p99-ms, error-ratio, lag-seconds, dead-letters-per-minute, host-cpu, host-memory.")
    Map<String, String> thresholds = new LinkedHashMap<>();

    @Option(names = "--metrics-detail", description = "Serve every Kafka client meter on /metrics: per task, state store, broker,"
            + " topic and partition (thousands of series; by default only per-client and per-thread ones, and the lag per partition).")
    boolean detail;

    @Option(names = "--metrics-basic-user", description = "Ask for basic auth on /metrics, /health, /summary and /samples (the probes /health/live and /health/ready stay open).")
    String basicUser;

    @Option(names = "--metrics-basic-password", paramLabel = "env:NAME|file:PATH", description = "The password of --metrics-basic-user, from an environment variable or a file.")
    String basicPassword;

    public OpsServer.Config config() {
        if (port < 0 || port > 65535) {
            throw new CommandLines.UserError("--metrics-port must be 0..65535, was " + port);
        }
        Thresholds levels = Thresholds.DEFAULTS;
        for (Map.Entry<String, String> threshold : thresholds.entrySet()) {
            String[] parts = threshold.getValue().split(":", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException("expected WARNING:CRITICAL");
                }
                levels = levels.with(threshold.getKey(), Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            } catch (NumberFormatException e) {
                throw new CommandLines.UserError("--threshold " + threshold.getKey() + "=" + threshold.getValue()
                        + ": expected WARNING:CRITICAL numbers, e.g. e2e-p99-ms=500:2000");
            } catch (IllegalArgumentException e) {
                throw new CommandLines.UserError("--threshold: " + e.getMessage());
            }
        }
        return new OpsServer.Config(host, port, levels, auth(), detail);
    }

    private OpsAuth auth() {
        if (basicUser == null && basicPassword == null) {
            return OpsAuth.none();
        }
        if (basicUser == null || basicPassword == null) {
            throw new CommandLines.UserError("--metrics-basic-user and --metrics-basic-password go together");
        }
        try {
            return OpsAuth.basic(basicUser, SecretSource.read("--metrics-basic-password", basicPassword));
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UserError(e.getMessage());
        }
    }

    public Duration sampleInterval() {
        if (sampleInterval.isNegative() || sampleInterval.isZero()) {
            throw new CommandLines.UserError("--sample-interval must be positive, was " + Durations.format(sampleInterval));
        }
        return sampleInterval;
    }
}
