package junction.load.cli;

import junction.app.Junction;
import junction.app.redrive.RedriveCommand;
import junction.app.topics.TopicsCommand;
import junction.cli.CommandLines;
import junction.ingest.IngestCommand;
import junction.load.BrokerCommand;
import junction.load.DemoCommand;
import junction.load.EndpointCommand;
import junction.load.bench.BenchCommand;
import junction.load.replay.LoadCommand;
import junction.load.replay.ReplayCommand;
import junction.topology.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code ./junction}: the product's commands ({@link Junction}: run, topics, redrive, ingest) and
 * the harness's (demo, broker, endpoint, load, replay, bench), each runnable on its own. The
 * product image holds only {@link Junction}.
 */
@Command(name = "junction", mixinStandardHelpOptions = true, version = "junction 0.1.0",
        description = "Customer and inventory, joined in Kafka Streams, delivered to an analytics endpoint;"
                + " with the harness that demonstrates, loads, breaks and measures it.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            BrokerCommand.class,
            EndpointCommand.class,
            TopicsCommand.class,
            RedriveCommand.class,
            IngestCommand.class,
            LoadCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Harness implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new Harness(), args));
    }
}
