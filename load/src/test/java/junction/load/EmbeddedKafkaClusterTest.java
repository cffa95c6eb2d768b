package junction.load;

import static junction.load.KafkaTestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import junction.load.cli.Harness;
import junction.model.Topics;
import junction.topology.AppConfig;
import junction.topology.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A 3-node KRaft cluster in this JVM (what {@code ./junction broker --nodes 3} starts): three
 * brokers, and topics created by {@code ./junction topics create} with its defaults get the
 * production-safe replication, which the app's start-up check hands on to Streams' internal topics.
 */
@Tag("integration")
class EmbeddedKafkaClusterTest {

    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNodes(3));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void threeBrokersAndTopicsCreatedWithThreeReplicasTwoInSyncByDefault() throws Exception {
        assertThat(kafka.nodes()).isEqualTo(3);
        assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
        assertThat(admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).hasSize(3);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Harness()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("topics", "create", "--bootstrap-servers", kafka.bootstrapServers(), "--partitions", "2");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(4).allSatisfy(line ->
                assertThat(line).contains("created (2 partitions, replication 3, min.insync.replicas=2, cleanup.policy="));
        for (String topic : List.of(Topics.CUSTOMERS.name(), Topics.DEAD_LETTERS.name())) {
            TopicDescription description = KafkaTestClients.describeOnceKnown(admin, topic);
            assertThat(description.partitions()).allSatisfy(p -> {
                assertThat(p.replicas()).hasSize(3);
                assertThat(p.isr()).hasSize(3);
            });
            assertThat(config(topic).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        }

        TopicSetup.StartCheck check = TopicSetup.check(AppConfig.defaults().withBootstrapServers(kafka.bootstrapServers()));
        assertThat(check.problems()).isEmpty();
        assertThat(check.inputs().streamsSettings()).containsEntry("replication.factor", "3")
                .containsEntry("topic.min.insync.replicas", "2");
    }

    @Test
    void theClusterReplicatesItsOwnOffsetsTopicToo() throws Exception {
        kafka.createTopics(1, "cluster-plain");

        assertThat(KafkaTestClients.describeOnceKnown(admin, "cluster-plain").partitions().get(0).replicas()).hasSize(3);
        // Group offsets on one broker would be lost with it: the cluster's setting, read back from a broker.
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config config = admin.describeConfigs(List.of(broker)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(broker);
        assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("3");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
    }


    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
    }
}
