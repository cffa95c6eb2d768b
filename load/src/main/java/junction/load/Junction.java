package junction.load;

import junction.cli.CommandLines;
import junction.topology.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./junction}: every command of the project, each runnable on its own. */
@Command(name = "junction", mixinStandardHelpOptions = true, version = "junction 0.1.0",
        description = "Customer and inventory, joined in Kafka Streams, delivered to an analytics endpoint.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            BrokerCommand.class,
            EndpointCommand.class,
            TopicsCommand.class,
            junction.load.redrive.RedriveCommand.class,
            junction.ingest.IngestCommand.class,
            junction.load.replay.LoadCommand.class,
            junction.load.replay.ReplayCommand.class,
            junction.load.bench.BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Junction implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new Junction(), args));
    }
}
