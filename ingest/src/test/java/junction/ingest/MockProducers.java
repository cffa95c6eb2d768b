package junction.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka's MockProducer as the byte producer junction uses, and readers for what it recorded. */
final class MockProducers {

    private MockProducers() {
    }

    /** autoComplete: every send is acked at once; otherwise the test completes or fails them. */
    static MockProducer<byte[], byte[]> bytes(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static String key(ProducerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), UTF_8);
    }

    static String value(ProducerRecord<byte[], byte[]> record) {
        return record.value() == null ? null : new String(record.value(), UTF_8);
    }

    static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
