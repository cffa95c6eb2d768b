package junction.load;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Plain String clients against a test broker: produce and wait for the acks, read a topic whole. */
final class KafkaTestClients {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaTestClients() {
    }

    /** Sends the records and waits for every ack; a null value is a tombstone. */
    static void produce(String bootstrap, List<ProducerRecord<String, String>> records) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<?> ack : acks) {
                ack.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Every record of the topic's partitions, waiting until at least {@code expected} arrived. */
    static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return received.size() >= expected;
            });
        }
        return received;
    }

    /**
     * The description of {@code topic}, asked until the broker asked knows it: a topic the test
     * just created may still be unknown to it (the controller acknowledges first, and on a
     * cluster each broker applies the metadata on its own; "unknown topic" seen under load).
     */
    static TopicDescription describeOnceKnown(Admin admin, String topic) {
        return await().atMost(TIMEOUT).ignoreException(UnknownTopicOrPartitionException.class)
                .until(() -> {
                    try {
                        return admin.describeTopics(List.of(topic)).allTopicNames()
                                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof UnknownTopicOrPartitionException unknown ? unknown : e;
                    }
                }, description -> description != null);
    }
}
