package junction.cli;

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

    public OpsServer.Config config() {
        if (port < 0 || port > 65535) {
            throw new CommandLines.UserError("--metrics-port must be 0..65535, was " + port);
        }
        return new OpsServer.Config(host, port);
    }

    public Duration sampleInterval() {
        if (sampleInterval.isNegative() || sampleInterval.isZero()) {
            throw new CommandLines.UserError("--sample-interval must be positive, was " + Durations.format(sampleInterval));
        }
        return sampleInterval;
    }
}
