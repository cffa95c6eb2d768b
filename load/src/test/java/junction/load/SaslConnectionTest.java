package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import junction.cli.Cli;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topics;
import junction.sink.SinkConfig;
import junction.topology.AppConfig;
import junction.topology.AppOptions;
import junction.topology.RunCommand;
import junction.topology.StreamApp;
import junction.topology.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kafka security passes through: against a broker whose client listener asks for SASL (PLAIN),
 * the app joins with the right credentials and stops at start with one line with wrong ones.
 */
@Tag("integration")
class SaslConnectionTest {

    private static final String PASSWORD = "alice-pw-3c9e";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDefaultPartitions(2)
                .withSaslUsers(Map.of("alice", PASSWORD)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicSetup(admin, AppConfig.defaults()).create(2, (short) 1);
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static String[] saslOptions(String password) {
        return new String[] {"--bootstrap-servers", kafka.saslBootstrapServers(),
            "--kafka", "security.protocol=SASL_PLAINTEXT", "--kafka", "sasl.mechanism=PLAIN",
            "--kafka", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"alice\" password=\"" + password + "\";"};
    }

    @Test
    void withTheRightCredentialsTheAppJoinsOverSasl() throws Exception {
        AppOptions options = Cli.parse(new AppOptions(), concat(saslOptions(PASSWORD),
                "--no-sink", "--application-id", "sasl-app", "--state-dir",
                Files.createTempDirectory("sasl-state").toString()));
        AppConfig config = options.toConfig(SinkConfig.defaults());

        assertThat(config.describe()).noneMatch(line -> line.contains(PASSWORD));
        try (StreamApp app = new StreamApp(config, new SimpleMeterRegistry());
             KafkaProducer<String, Customer> customers = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     Topics.CUSTOMERS.keySerde().serializer(), Topics.CUSTOMERS.valueSerde().serializer());
             KafkaProducer<String, InventoryItem> inventory = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     Topics.INVENTORY.keySerde().serializer(), Topics.INVENTORY.valueSerde().serializer())) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            inventory.send(new ProducerRecord<>(Topics.INVENTORY.name(), "s1",
                    new InventoryItem("s1", "Lamp", "home", 1999L, 3, "w1", 1L))).get();
            customers.send(new ProducerRecord<>(Topics.CUSTOMERS.name(), "c1",
                    new Customer("c1", "Ann", "ann@example.com", "gold", "eu", "s1", 1L))).get();

            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.recordsIn(config.outputTopic()) >= 1);
        }
    }

    @Test
    void withAWrongPasswordRunStopsWithOneLineNamingTheFailure() {
        Cli.Run run = Cli.execute(new RunCommand(), concat(saslOptions("not-the-password"),
                "--endpoint", "http://localhost:1/ingest", "--metrics-port", "0"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("run: cannot check the topics at " + kafka.saslBootstrapServers())
                .containsIgnoringCase("authentication")
                .doesNotContain("not-the-password");
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
    }
}
