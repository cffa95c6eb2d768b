package junction.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Jackson serde for the model records. Null bytes are a tombstone and read as null; bad bytes,
 * wrong types and values that fail {@code problem} throw {@link SerializationException} only, so
 * Kafka Streams' deserialization handler can dead-letter them and go on. Unknown fields are
 * ignored: producers may add fields before junction knows them.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** Shared, thread-safe mapper; readers and writers below are immutable. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Function<T, String> problem;

    public JsonSerde(Class<T> type, Function<T, String> problem) {
        this.type = type;
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
        this.problem = problem;
    }

    public JsonSerde(Class<T> type) {
        this(type, value -> null);
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T value;
        try {
            value = reader.readValue(data);
        } catch (IOException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + " JSON value: "
                    + firstLine(e.getMessage()), e);
        }
        if (value == null) {
            // The JSON literal "null" is not a tombstone: a tombstone has no bytes at all.
            throw new SerializationException("JSON null is not a valid " + type.getSimpleName());
        }
        String why = problem.apply(value);
        if (why != null) {
            throw new SerializationException("invalid " + type.getSimpleName() + ": " + why);
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the type and its checks are fixed at construction.
    }

    @Override
    public void close() {
        // Stateless: nothing to release.
    }
}
