package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import junction.load.AnalyticsEndpoint;
import junction.load.EmbeddedKafka;
import junction.load.InputSnapshot;
import junction.load.SharedKafka;
import junction.load.VerificationReport;
import junction.load.Verifier;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(SharedKafka.class)
class BaselineConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private EmbeddedKafka kafka;
    private AnalyticsEndpoint endpoint;
    /** The test's topics and groups, its own on the JVM's shared broker. */
    private String prefix;
    private Topic<String, Customer> customers;
    private Topic<String, InventoryItem> inventory;

    @BeforeEach
    void start(EmbeddedKafka shared) {
        kafka = shared;
        prefix = SharedKafka.uniqueName("baseline");
        customers = Topics.CUSTOMERS.named(prefix + "-" + Topics.CUSTOMERS.name());
        inventory = Topics.INVENTORY.named(prefix + "-" + Topics.INVENTORY.name());
        kafka.createCompactedTopics(3, customers.name(), inventory.name());
        endpoint = AnalyticsEndpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private static Customer customer(String id, String sku, long version) {
        return new Customer(id, "Name " + id + " v" + version, id + "@example.com", "gold", "eu", sku, version);
    }

    private static InventoryItem item(String sku, int quantity, long version) {
        return new InventoryItem(sku, "Item " + sku, "home", 1000 + quantity, quantity, "w1", version);
    }

    private void publish(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            records.forEach(record -> acks.add(producer.send(record)));
            for (Future<?> ack : acks) {
                ack.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private ProducerRecord<String, byte[]> put(String id, Customer c) {
        return new ProducerRecord<>(customers.name(), id, customers.valueSerde().serializer().serialize(customers.name(), c));
    }

    private ProducerRecord<String, byte[]> put(String sku, InventoryItem i) {
        return new ProducerRecord<>(inventory.name(), sku, inventory.valueSerde().serializer().serialize(inventory.name(), i));
    }

    private VerificationReport verify() {
        InputSnapshot inputs = InputSnapshot.read(kafka.bootstrapServers(), customers, inventory, TIMEOUT);
        return Verifier.verify(inputs.customers(), inputs.inventory(), endpoint.view(), endpoint.stats().duplicates());
    }

    private void awaitVerified() {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(this::verify, VerificationReport::verified);
    }

    @Test
    void joinsAndDeliversWhatTheVerifierExpectsAndAgainAfterARestart() throws Exception {
        publish(List.of(
                put("sku-1", item("sku-1", 3, 1)),
                put("sku-2", item("sku-2", 5, 1)),
                put("sku-3", item("sku-3", 7, 1)),
                put("c1", customer("c1", "sku-1", 1)),
                put("c2", customer("c2", "sku-1", 1)),
                put("c3", customer("c3", "sku-2", 1)),
                put("c4", customer("c4", null, 1)),
                put("c5", customer("c5", "sku-404", 1)),
                put("c6", customer("c6", "sku-3", 1)),
                new ProducerRecord<>(customers.name(), "c7", "not json".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(customers.name(), "c6", null),
                put("sku-1", item("sku-1", 2, 2)),
                new ProducerRecord<>(inventory.name(), "sku-3", null)));
        String group = prefix + "-" + BaselineConsumer.GROUP_ID;
        BaselineConsumer baseline = new BaselineConsumer(kafka.bootstrapServers(), endpoint.uri(), group, customers, inventory);
        CompletableFuture<BaselineConsumer.Result> run =
                CompletableFuture.supplyAsync(() -> baseline.run(Duration.ofMinutes(3)));

        awaitVerified();
        // Changes while it runs: a customer moves, a new item with a new customer, an item update.
        publish(List.of(
                put("c1", customer("c1", "sku-2", 2)),
                put("sku-4", item("sku-4", 1, 1)),
                put("c8", customer("c8", "sku-4", 1)),
                put("sku-2", item("sku-2", 4, 2))));
        awaitVerified();
        baseline.stop();
        BaselineConsumer.Result result = run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.delivered()).isEqualTo(baseline.delivered()).isEqualTo(endpoint.stats().records());
        assertThat(result.perSecond()).isPositive();
        assertThat(endpoint.stats().requests()).as("one record per request").isEqualTo(result.delivered());
        assertThat(committedOffsets(group))
                .as("everything read is committed, so lag can be measured").isEqualTo(endOffsets());

        // Another start reads everything again: the endpoint drops what it already has, the view stays right.
        String restartedGroup = prefix + "-restarted";
        BaselineConsumer restarted = new BaselineConsumer(kafka.bootstrapServers(), endpoint.uri(), restartedGroup,
                customers, inventory);
        CompletableFuture<BaselineConsumer.Result> again =
                CompletableFuture.supplyAsync(() -> restarted.run(Duration.ofMinutes(3)));
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> committedOffsets(restartedGroup).equals(endOffsets()));
        restarted.stop();
        BaselineConsumer.Result replay = again.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(replay.delivered()).as("each customer's state once, the deleted one too").isEqualTo(7);
        assertThat(endpoint.stats().duplicates()).isEqualTo(7);
        assertThat(endpoint.stats().records()).isEqualTo(result.delivered());
        assertThat(verify().verified()).isTrue();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private Map<TopicPartition, Long> committedOffsets(String groupId) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .forEach((partition, offset) -> committed.put(partition, offset.offset()));
            return committed;
        }
    }

    /** End offsets of the input partitions that have records (empty ones are never committed). */
    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : List.of(customers.name(), inventory.name())) {
            for (int partition = 0; partition < 3; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).forEach((partition, info) -> {
                if (info.offset() > 0) {
                    end.put(partition, info.offset());
                }
            });
            return end;
        }
    }
}
