package junction.load;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import junction.cli.CommandLines;
import junction.model.Topics;
import junction.topology.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./junction broker}: the embedded KRaft broker on its own, with junction's topics; or a
 * cluster of several nodes in this process; or, with {@code --node-id}, one node of a cluster
 * whose other nodes are started by other processes (the benchmark's, so it can kill one).
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Start a real Kafka (KRaft) with junction's topics; Ctrl-C stops it.",
                "One node by default; --nodes 3 starts a replicated cluster here (topics with 3 replicas, 2 in sync)."})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port of the first node; the others follow it"
            + " (0 picks free ones). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", description = "Keep the broker's data here across restarts (default: a temporary directory).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of junction's topics. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--nodes", defaultValue = "1", description = "Nodes (each a broker and a controller voter) in this process."
            + " Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(names = "--node-id", description = "Start only this node of the cluster given by --cluster (no topics are created:"
            + " whoever starts the cluster creates them once every node is up).")
    Integer nodeId;

    @Option(names = "--cluster", paramLabel = "CLUSTER_ID/ID:PORT:CONTROLLER_PORT,...",
            description = "The cluster --node-id belongs to: its id and every node's ports.")
    String cluster;

    @Override
    public Integer call() {
        if (nodes < 1) {
            throw new CommandLines.UserError("--nodes must be at least 1, was " + nodes);
        }
        if ((nodeId == null) != (cluster == null)) {
            throw new CommandLines.UserError("--node-id and --cluster go together");
        }
        if (nodeId != null) {
            return runNode();
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withPort(port).withDataDir(dataDir).withDefaultPartitions(partitions).withNodes(nodes));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        Pipeline.createTopics(kafka, AppConfig.defaults(), partitions);
        System.out.println("broker ready: bootstrap.servers=" + kafka.bootstrapServers()
                + " (topics " + Topics.CUSTOMERS.name() + ", " + Topics.INVENTORY.name() + ", "
                + Topics.CUSTOMER_INVENTORY.name() + ", " + Topics.DEAD_LETTERS.name()
                + (nodes > 1 ? "; " + nodes + " nodes" : "") + ")");
        kafka.awaitShutdown();
        return 0;
    }

    private int runNode() {
        if (dataDir == null) {
            throw new CommandLines.UserError("--node-id needs --data-dir: a node of a cluster keeps its data to rejoin it");
        }
        KafkaNodes nodesOfCluster;
        try {
            nodesOfCluster = KafkaNodes.parse(cluster);
            nodesOfCluster.node(nodeId);
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UserError("--cluster: " + e.getMessage());
        }
        EmbeddedKafka kafka = EmbeddedKafka.startNode(nodesOfCluster, nodeId, dataDir, partitions);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        System.out.println("broker ready: bootstrap.servers=" + kafka.bootstrapServers() + " (node " + nodeId + ")");
        kafka.awaitShutdown();
        return 0;
    }
}
