package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster layout every node of a multi-process cluster is started with, and its text form. */
class KafkaNodesTest {

    private final KafkaNodes three = new KafkaNodes("cluster-1", List.of(new KafkaNodes.Node(1, 9092, 9192),
            new KafkaNodes.Node(2, 9093, 9193), new KafkaNodes.Node(3, 9094, 9194)));

    @Test
    void votersBootstrapAndReplicationOfThreeNodes() {
        assertThat(three.quorumVoters()).isEqualTo("1@localhost:9192,2@localhost:9193,3@localhost:9194");
        assertThat(three.bootstrapServers()).isEqualTo("localhost:9092,localhost:9093,localhost:9094");
        assertThat(three.replicationFactor()).isEqualTo((short) 3);
        assertThat(three.minInsyncReplicas()).isEqualTo(2);
    }

    @Test
    void twoNodesKeepOneInSyncSoLosingOneStillTakesWrites() {
        KafkaNodes two = new KafkaNodes("c", List.of(new KafkaNodes.Node(1, 1, 2), new KafkaNodes.Node(2, 3, 4)));

        assertThat(two.replicationFactor()).isEqualTo((short) 2);
        assertThat(two.minInsyncReplicas()).isEqualTo(1);
    }

    @Test
    void theSpecReadsBackAsTheSameLayout() {
        assertThat(three.spec()).isEqualTo("cluster-1/1:9092:9192,2:9093:9193,3:9094:9194");
        assertThat(KafkaNodes.parse(three.spec())).isEqualTo(three);
    }

    @Test
    void aMalformedSpecNamesWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> KafkaNodes.parse("1:9092:9192"))
                .withMessageStartingWith("expected CLUSTER_ID/ID:PORT:CONTROLLER_PORT");
        assertThatIllegalArgumentException().isThrownBy(() -> KafkaNodes.parse("c/1:9092:9192,2:x:9193"))
                .withMessage("expected ID:PORT:CONTROLLER_PORT, was '2:x:9193' in 'c/1:9092:9192,2:x:9193'");
        assertThatIllegalArgumentException().isThrownBy(() -> three.node(4)).withMessageStartingWith("no node 4 in ");
    }

    @Test
    void aGivenFirstPortMakesConsecutiveClientPorts() {
        KafkaNodes fixed = KafkaNodes.onFreePorts(3, 19092);

        assertThat(fixed.nodes()).extracting(KafkaNodes.Node::port).containsExactly(19092, 19093, 19094);
        assertThat(fixed.nodes()).extracting(KafkaNodes.Node::id).containsExactly(1, 2, 3);
    }
}
