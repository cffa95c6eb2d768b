package junction.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import junction.model.BadRecordException.Reason;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Jackson serde for the model records. Null bytes are a tombstone and read as null; anything else
 * that is not exactly one valid value throws {@link BadRecordException} (a
 * {@code SerializationException}) only, naming the reason, so Kafka Streams' deserialization
 * handler can dead-letter it and go on.
 *
 * <p>Reading is strict where guessing would change data: a field of the wrong JSON type is refused
 * rather than coerced ({@code "12"} for a number, {@code 1.7} for an integer, {@code 12} for a
 * text), as are numbers out of range, trailing content after the object and a field given twice.
 * Unknown fields are ignored: producers may add fields before junction knows them.
 *
 * <p>Writing the value it wrote last returns the same bytes again without writing them: Kafka
 * Streams serializes one object several times in a row. A table's new value is written to its
 * store, then again by the foreign-key join to hash it; a merged record to the output topic, then
 * again by the sink for its request body. That is only right for values that cannot change, so the
 * type must be a record of strings, numbers and such records (every model type is), and the bytes
 * returned must not be changed (Kafka's producer and the sink only read them).
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** Shared, thread-safe mapper for writing and for junction's own documents; lenient on reading. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The reader of input records: MAPPER's rules, plus no coercion and nothing ambiguous. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** Jackson's hints on reconfiguring Jackson: noise to whoever reads a dead letter. */
    private static final Pattern JACKSON_ADVICE = Pattern.compile(
            " \\((but (might|could) if|set DeserializationConfig)[^)]*\\)|: not allowed as per `[^`]*`");

    private final Class<T> type;
    /** The value written last and its bytes, from any thread: one immutable pair, replaced whole. */
    private volatile Written last;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final IdField<T> id;

    /** A serde for values whose {@code id} must be present; see {@link IdField}. */
    public JsonSerde(Class<T> type, IdField<T> id) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: a JsonSerde hands out the bytes"
                    + " it wrote last for the same object again, which needs values that cannot change");
        }
        this.type = type;
        this.reader = STRICT.readerFor(type);
        this.writer = MAPPER.writerFor(type);
        this.id = id;
    }

    /** A serde for values without an id of their own. */
    public JsonSerde(Class<T> type) {
        this(type, null);
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Written written = last;
        if (written != null && written.value() == value) {
            return written.bytes();
        }
        try {
            byte[] bytes = writer.writeValueAsBytes(value);
            last = new Written(value, bytes);
            return bytes;
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
            throw unreadable(e);
        }
        if (value == null) {
            // The JSON literal "null" is not a tombstone: a tombstone has no bytes at all.
            throw new BadRecordException(Reason.MALFORMED, "JSON null is not a valid " + type.getSimpleName());
        }
        if (id != null) {
            String idValue = id.of(value);
            if (idValue == null || idValue.isBlank()) {
                throw new BadRecordException(Reason.MISSING_ID,
                        "invalid " + type.getSimpleName() + ": " + id.name() + " is missing");
            }
        }
        return value;
    }

    /** Jackson's complaint in one line, with the field it concerns and no hint to reconfigure Jackson. */
    private BadRecordException unreadable(IOException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        if (e instanceof MismatchedInputException && !field.isEmpty() && detail != null
                && detail.startsWith("Cannot map `null` into type")) {
            // A number the model needs (updatedAt, priceCents, quantity) was left out or set to null.
            return new BadRecordException(Reason.MISSING_FIELD,
                    "invalid " + type.getSimpleName() + ": " + field + " is missing or null", e);
        }
        return new BadRecordException(Reason.MALFORMED, "not a valid " + type.getSimpleName() + " JSON value: "
                + (field.isEmpty() ? "" : field + ": ") + JACKSON_ADVICE.matcher(firstLine(detail)).replaceAll(""), e);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private record Written(Object value, byte[] bytes) {
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
