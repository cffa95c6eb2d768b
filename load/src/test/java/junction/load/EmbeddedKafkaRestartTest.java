package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker lifecycles: each test starts and stops its own brokers, one at a time. */
@Tag("integration")
class EmbeddedKafkaRestartTest {

    @Test
    void keepsRecordsAcrossARestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().withDataDir(dir.resolve("kafka"));
        try (EmbeddedKafka first = EmbeddedKafka.start(options)) {
            first.createTopics(2, "kept");
            KafkaTestClients.produce(first.bootstrapServers(), List.of(
                    new ProducerRecord<>("kept", "k1", "v1"), new ProducerRecord<>("kept", "k2", "v2")));
        }
        assertThat(dir.resolve("kafka").resolve("meta.properties")).exists();

        try (EmbeddedKafka second = EmbeddedKafka.start(options)) {
            second.createTopics(2, "kept");
            List<ConsumerRecord<String, String>> records =
                    KafkaTestClients.consumeAll(second.bootstrapServers(), "kept", 2);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v1", "v2");
        }
    }

    @Test
    void failsCleanlyWhenTheGivenPortIsTaken(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (ServerSocket taken = new ServerSocket(0)) {
            EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults()
                    .withPort(taken.getLocalPort()).withDataDir(dataDir);

            assertThatThrownBy(() -> EmbeddedKafka.start(options))
                    .hasRootCauseInstanceOf(BindException.class);
        }
        // Nothing is left listening: the same data dir starts normally afterwards.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dataDir))) {
            kafka.createTopics(1, "after-clash");
        }
    }

    @Test
    void deletesItsTemporaryDataDirOnClose() {
        Path dataDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dataDir = kafka.dataDir();
            assertThat(dataDir.resolve("meta.properties")).exists();
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }
}
