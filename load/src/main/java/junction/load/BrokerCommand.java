package junction.load;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import junction.model.Topics;
import junction.topology.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./junction broker}: the embedded KRaft broker on its own, with junction's topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Start a real single-node Kafka (KRaft) with junction's topics; Ctrl-C stops it.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", description = "Keep the broker's data here across restarts (default: a temporary directory).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of junction's topics. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withPort(port).withDataDir(dataDir).withDefaultPartitions(partitions));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        Pipeline.createTopics(kafka, AppConfig.defaults(), partitions);
        System.out.println("broker ready: bootstrap.servers=" + kafka.bootstrapServers()
                + " (topics " + Topics.CUSTOMERS.name() + ", " + Topics.INVENTORY.name() + ", "
                + Topics.CUSTOMER_INVENTORY.name() + ", " + Topics.DEAD_LETTERS.name() + ")");
        kafka.awaitShutdown();
        return 0;
    }
}
