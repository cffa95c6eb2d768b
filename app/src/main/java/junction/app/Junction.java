package junction.app;

import junction.app.redrive.RedriveCommand;
import junction.app.topics.TopicsCommand;
import junction.cli.CommandLines;
import junction.ingest.IngestCommand;
import junction.topology.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The product's command line, the entry point of the image an operator deploys: the stream app
 * ({@code run}) and the operator's tools beside it. The harness ({@code junction.load.cli.Harness},
 * behind {@code ./junction}) extends it with the demo, the bench and the test endpoint: picocli
 * adds a subclass's subcommands to the ones it inherits.
 */
@Command(name = "junction", mixinStandardHelpOptions = true, version = "junction 0.1.0",
        description = "Customer and inventory, joined in Kafka Streams, delivered to an analytics endpoint.",
        subcommands = {
            RunCommand.class,
            TopicsCommand.class,
            RedriveCommand.class,
            IngestCommand.class,
            CommandLine.HelpCommand.class
        })
public class Junction implements Runnable {

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
