package junction.ingest;

import static junction.ingest.MockProducers.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import junction.ingest.Change.CustomerChange;
import junction.ingest.Change.InventoryChange;
import junction.ingest.Change.Kind;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class InputProducerTest {

    private static final Customer ADA = new Customer("c1", "Ada Lovelace", "ada@example.com", "gold", "eu-west",
            "sku1", 1_000L);
    private static final InventoryItem LAMP = new InventoryItem("sku1", "Lamp", "home", 1_999, 7, "AMS1", 2_000L);

    @Test
    void writesValuesThroughTheModelSerdesToTheConfiguredTopics() {
        MockProducer<byte[], byte[]> mock = MockProducers.bytes(true);
        try (InputProducer producer = new InputProducer(mock, "people", "stock")) {
            producer.send(new CustomerChange(Kind.CUSTOMER_CREATED, "c1", ADA));
            producer.send(new InventoryChange(Kind.SKU_CREATED, "sku1", LAMP));

            List<ProducerRecord<byte[], byte[]>> sent = mock.history();
            assertThat(sent).extracting(ProducerRecord::topic).containsExactly("people", "stock");
            assertThat(sent).extracting(MockProducers::key).containsExactly("c1", "sku1");
            assertThat(Topics.CUSTOMERS.valueSerde().deserializer().deserialize("people", sent.get(0).value()))
                    .isEqualTo(ADA);
            assertThat(Topics.INVENTORY.valueSerde().deserializer().deserialize("stock", sent.get(1).value()))
                    .isEqualTo(LAMP);
            assertThat(producer.acked()).isEqualTo(2);
            assertThat(producer.failed()).isZero();
        }
    }

    @Test
    void sendsATombstoneAsANullValue() {
        MockProducer<byte[], byte[]> mock = MockProducers.bytes(true);
        try (InputProducer producer = new InputProducer(mock)) {
            producer.send(new CustomerChange(Kind.CUSTOMER_DELETED, "c1", null));
            producer.send(new InventoryChange(Kind.SKU_DELETED, "sku1", null));

            assertThat(mock.history()).extracting(ProducerRecord::topic)
                    .containsExactly(Topics.CUSTOMERS.name(), Topics.INVENTORY.name());
            assertThat(mock.history()).allSatisfy(record -> assertThat(record.value()).isNull());
            assertThat(key(mock.history().get(0))).isEqualTo("c1");
            assertThat(producer.acked()).isEqualTo(2);
        }
    }

    @Test
    void countsEveryOutcomeAndTellsRetriableFromFatalFailures() {
        MockProducer<byte[], byte[]> mock = MockProducers.bytes(false);
        try (InputProducer producer = new InputProducer(mock)) {
            for (int i = 0; i < 4; i++) {
                producer.send(new InventoryChange(Kind.SKU_CREATED, "sku1", LAMP));
            }
            assertThat(producer.acked() + producer.failed()).as("nothing completed yet").isZero();

            mock.completeNext();
            mock.errorNext(new TimeoutException("delivery.timeout.ms expired"));
            mock.errorNext(new RecordTooLargeException("too large"));
            mock.completeNext();

            assertThat(producer.acked()).isEqualTo(2);
            assertThat(producer.failed()).isEqualTo(2);
            assertThat(producer.failedRetriable()).isEqualTo(1);
        }
    }

    @Test
    void flushCompletesEverySend() {
        MockProducer<byte[], byte[]> mock = MockProducers.bytes(false);
        try (InputProducer producer = new InputProducer(mock)) {
            producer.send(new CustomerChange(Kind.CUSTOMER_CREATED, "c1", ADA));
            producer.send(new CustomerChange(Kind.CUSTOMER_DELETED, "c1", null));

            producer.flush();

            assertThat(producer.acked()).isEqualTo(2);
        }
    }

    @Test
    void producerPropertiesAreDurableAndBatched() {
        Properties props = InputProducer.producerProperties("broker:9092");

        assertThat(props)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        // The KafkaProducer itself accepts them: no typo in a name or type.
        new ProducerConfig(props);
    }
}
