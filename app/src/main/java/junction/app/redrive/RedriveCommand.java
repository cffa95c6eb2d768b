package junction.app.redrive;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import junction.cli.CommandLines.UserError;
import junction.cli.CommandLines;
import junction.cli.KafkaOptions;
import junction.cli.TopicOptions;
import junction.cli.SinkOptions;
import junction.cli.StopOnShutdown;
import junction.sink.SinkConfig;
import junction.topology.AppOptions;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./junction redrive}: the sink's dead letters back to the analytics endpoint, once the
 * cause is fixed (see {@link Redrive}). One line per batch and a last line of JSON on stdout
 * ({@link RedriveSummary}); notes and logs on stderr.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send the sink's dead letters back to the analytics endpoint.",
                "Delivery is the sink's own: auth, TLS, batching, retries, Idempotency-Key and eventId, so the endpoint drops what it already has.",
                "Reads junction-dlq from the group's committed offsets up to the end seen at start. A letter the endpoint refuses again is written anew to junction-dlq before its offset is committed.",
                "Skipped, and left on the topic: the topology's and the import's letters (input that could not be read), and letters whose customer has a newer version on customer-inventory.",
                "Options come from flags, then JUNCTION_<OPTION> environment variables, then the --config file, as for run."},
        footer = {"Exit codes: 0 every sink letter read was delivered, 1 some were rejected again or left for the next run",
                "(endpoint down, stopped, Kafka trouble), 2 bad option or configuration (missing topics included)."})
public final class RedriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of options (key = option name without dashes), e.g. the one run uses.")
    Path config;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Option(names = "--endpoint", defaultValue = AppOptions.DEFAULT_ENDPOINT, description = "Analytics endpoint to send the letters to. Default: ${DEFAULT-VALUE}.")
    URI endpoint;

    @Option(names = "--group", defaultValue = Redrive.DEFAULT_GROUP, description = "Consumer group whose committed offsets say which letters were redriven already. Default: ${DEFAULT-VALUE}.")
    String group;

    @Option(names = "--dry-run", description = "Read and sort the letters, print what would be sent (counts by reason); send nothing, commit nothing.")
    boolean dryRun;

    @Option(names = "--max", paramLabel = "N", description = "Read at most N letters (default: all up to the end seen at start).")
    Long max;

    @Option(names = "--send-superseded", description = "Also send letters whose customer has a newer version on customer-inventory "
            + "(by default they are skipped, so a redrive never puts old data over new).")
    boolean sendSuperseded;


    @Mixin
    SinkOptions sink;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Redrive redrive = new Redrive(settings(), out, err);
        // The summary is printed inside: on SIGTERM the hook holds the exit until it is out.
        try (StopOnShutdown stopper = new StopOnShutdown("redrive-stop", redrive::stop)) {
            RedriveSummary summary = redrive.run();
            out.println(summary.json());
            out.flush();
            if (summary.stopped() != null) {
                err.println("redrive: " + summary.stopped());
                err.flush();
            }
            return summary.exitCode();
        } catch (KafkaException e) {
            err.println("redrive: Kafka at " + kafka.bootstrapServers() + " failed: " + e.getMessage()
                    + " (offsets are committed only for settled letters: run again)");
            err.flush();
            return 1;
        }
    }

    /** Every option checked before anything connects: a bad one is one line and exit 2. */
    Redrive.Settings settings() {
        if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
            throw new UserError("--bootstrap-servers must name at least one broker (host:port)");
        }
        if (group == null || group.isBlank()) {
            throw new UserError("--group must not be blank");
        }
        if (max != null && max < 1) {
            throw new UserError("--max must be at least 1, was " + max);
        }
        SinkConfig sinkConfig = sink.toConfig(endpoint);
        return new Redrive.Settings(kafka.bootstrapServers(), kafka.properties(), group.strip(), dryRun,
                max == null ? Long.MAX_VALUE : max, sendSuperseded, sinkConfig,
                topics.deadLetters(), topics.output());
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new RedriveCommand(), args));
    }
}
