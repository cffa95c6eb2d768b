package junction.load;

import static junction.load.KafkaTestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }


    private static String cleanupPolicy(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }

    @Test
    void createsTopicsIdempotently() throws Exception {
        kafka.createTopics(3, "plain-a", "plain-b");
        kafka.createTopics(5, "plain-a");
        kafka.createCompactedTopics(2, "table-a");

        assertThat(KafkaTestClients.describeOnceKnown(admin, "plain-a").partitions()).hasSize(3);
        assertThat(KafkaTestClients.describeOnceKnown(admin, "plain-b").partitions()).hasSize(3);
        assertThat(KafkaTestClients.describeOnceKnown(admin, "table-a").partitions()).hasSize(2);
        assertThat(cleanupPolicy("plain-a")).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        assertThat(cleanupPolicy("table-a")).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void doesNotCreateTopicsOnTheFly() throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            // A metadata request for a missing topic would create it if auto-creation were on.
            assertThat(consumer.partitionsFor("never-created", TIMEOUT)).isEmpty();
        }
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .doesNotContain("never-created");
    }

    @Test
    void roundTripsRecords() throws Exception {
        kafka.createTopics(6, "round-trip");
        List<ProducerRecord<String, String>> sent = List.of(
                new ProducerRecord<>("round-trip", "k1", "v1"),
                new ProducerRecord<>("round-trip", "k2", "v2"),
                new ProducerRecord<>("round-trip", "k3", "v3"));

        KafkaTestClients.produce(kafka.bootstrapServers(), sent);
        List<ConsumerRecord<String, String>> received =
                KafkaTestClients.consumeAll(kafka.bootstrapServers(), "round-trip", sent.size());

        assertThat(received).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        tuple("k1", "v1"),
                        tuple("k2", "v2"),
                        tuple("k3", "v3"));
    }

    @Test
    void createsTopicsWithTheDefaultPartitionCountWhenAsked() throws Exception {
        // num.partitions applies to topics created without a count, e.g. by a stream app.
        admin.createTopics(List.of(new NewTopic("defaulted",
                        Optional.empty(), Optional.empty())))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(KafkaTestClients.describeOnceKnown(admin, "defaulted").partitions()).hasSize(EmbeddedKafka.Options.defaults().defaultPartitions());
    }
}
