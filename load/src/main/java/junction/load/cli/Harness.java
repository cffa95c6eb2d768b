package junction.load.cli;

import junction.app.Junction;
import junction.cli.CommandLines;
import junction.load.BrokerCommand;
import junction.load.DemoCommand;
import junction.load.EndpointCommand;
import junction.load.bench.BenchCommand;
import junction.load.bench.PassesCommand;
import junction.load.replay.LoadCommand;
import junction.load.replay.ReplayCommand;
import picocli.CommandLine.Command;

/**
 * {@code ./junction}: the product's commands (inherited from {@link Junction}: run, topics, redrive,
 * ingest) and the harness's (demo, broker, endpoint, load, replay, bench, and the bench's warm app
 * process, passes), each runnable on its own.
 * The product image holds only {@link Junction}.
 */
@Command(name = "junction",
        description = "Customer and inventory, joined in Kafka Streams, delivered to an analytics endpoint;"
                + " with the harness that demonstrates, loads, breaks and measures it.",
        subcommands = {
            DemoCommand.class,
            BrokerCommand.class,
            EndpointCommand.class,
            LoadCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            PassesCommand.class
        })
public final class Harness extends Junction {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new Harness(), args));
    }
}
