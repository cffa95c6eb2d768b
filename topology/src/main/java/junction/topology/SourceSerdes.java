package junction.topology;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import junction.model.BadRecordException;
import junction.model.BadRecordException.Reason;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the topology's two sources read with: a key must be UTF-8 text that is not blank, a value
 * no larger than {@code --max-record-bytes}, then valid for the model serde. A refusal is a
 * {@link BadRecordException}, which the deserialization handler dead-letters.
 *
 * <p>Only the sources read with these. The stores, their changelogs and the join's internal topics
 * keep the plain serdes: a limit lowered between two runs must not make stored state unreadable,
 * and a customer's blank sku (a reference, not a key) still travels the join's subscription
 * topics and comes out as a customer without inventory.
 */
final class SourceSerdes {

    private SourceSerdes() {
    }

    /** Record keys as ids: present, strict UTF-8, not blank. */
    static Serde<String> keys() {
        return Serdes.serdeFrom(new StringSerializer(), SourceSerdes::key);
    }

    /** {@code model}'s values, refusing any above {@code maxBytes} before parsing them. */
    static <V> Serde<V> values(Serde<V> model, int maxBytes) {
        Deserializer<V> parse = model.deserializer();
        return Serdes.serdeFrom(model.serializer(), (topic, data) -> {
            if (data != null && data.length > maxBytes) {
                throw new BadRecordException(Reason.OVERSIZED, "the value is " + data.length
                        + " bytes, more than the " + maxBytes + " allowed (--max-record-bytes)");
            }
            return parse.deserialize(topic, data);
        });
    }

    private static String key(String topic, byte[] data) {
        if (data == null) {
            throw new BadRecordException(Reason.NULL_KEY, "the record has no key");
        }
        String key;
        try {
            // StringDeserializer would replace bad bytes with U+FFFD, merging distinct keys into one.
            key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRecordException(Reason.KEY_NOT_UTF8, "the key is not UTF-8 text (" + data.length + " bytes)", e);
        }
        if (key.isBlank()) {
            throw new BadRecordException(Reason.EMPTY_KEY, key.isEmpty() ? "the key is empty" : "the key is only whitespace");
        }
        return key;
    }
}
