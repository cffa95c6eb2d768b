package junction.load;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Where the nodes of a multi-node KRaft cluster listen: each node is a combined broker and
 * controller, and all of them are the voters of a static controller quorum, so any one can be
 * lost and the other two still elect a leader. Every node must be formatted with the same
 * cluster id and started with the same voters, so this is fixed before any node starts; as text
 * ({@link #spec()}), it lets one process start each node.
 *
 * @param clusterId the id every node is formatted with
 */
public record KafkaNodes(String clusterId, List<Node> nodes) {

    /** One node: its id, client (PLAINTEXT) port and controller port, on localhost. */
    public record Node(int id, int port, int controllerPort) {
    }

    public KafkaNodes {
        nodes = List.copyOf(nodes);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a multi-node cluster needs at least 2 nodes, got " + nodes.size());
        }
    }

    /**
     * Nodes 1..count on free ports, or from {@code firstPort} on (node i on firstPort + i - 1)
     * when it is not 0; controller ports are always free ones.
     */
    public static KafkaNodes onFreePorts(int count, int firstPort) {
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            nodes.add(new Node(id, firstPort == 0 ? EmbeddedKafka.freePort() : firstPort + id - 1, EmbeddedKafka.freePort()));
        }
        return new KafkaNodes(Uuid.randomUuid().toString(), nodes);
    }

    /** {@code controller.quorum.voters}: {@code 1@localhost:9093,2@localhost:9095,...}. */
    public String quorumVoters() {
        return nodes.stream().map(n -> n.id() + "@localhost:" + n.controllerPort()).collect(Collectors.joining(","));
    }

    /** Every node's client address, for clients: losing one, they still find the others. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "localhost:" + n.port()).collect(Collectors.joining(","));
    }

    public Node node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + spec()));
    }

    /** Replicas of each topic: 3 from 3 nodes on (more add cost, not safety here), else one per node. */
    public short replicationFactor() {
        return (short) Math.min(3, nodes.size());
    }

    /** In-sync replicas a write needs: a majority of 3, so one node may be lost without refusing writes. */
    public int minInsyncReplicas() {
        return replicationFactor() >= 3 ? 2 : 1;
    }

    /** As text for a command line: {@code <clusterId>/1:9092:9093,2:9094:9095,...}. */
    public String spec() {
        return clusterId + "/" + nodes.stream().map(n -> n.id() + ":" + n.port() + ":" + n.controllerPort())
                .collect(Collectors.joining(","));
    }

    /**
     * Reads {@link #spec()}.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static KafkaNodes parse(String spec) {
        int slash = spec.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("expected CLUSTER_ID/ID:PORT:CONTROLLER_PORT,..., was '" + spec + "'");
        }
        List<Node> nodes = new ArrayList<>();
        for (String node : spec.substring(slash + 1).split(",")) {
            String[] parts = node.split(":");
            try {
                if (parts.length != 3) {
                    throw new NumberFormatException();
                }
                nodes.add(new Node(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected ID:PORT:CONTROLLER_PORT, was '" + node + "' in '" + spec + "'", e);
            }
        }
        return new KafkaNodes(spec.substring(0, slash), nodes);
    }
}
