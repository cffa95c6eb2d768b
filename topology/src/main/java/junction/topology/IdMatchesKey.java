package junction.topology;

import junction.model.BadRecordException;
import junction.model.BadRecordException.Reason;
import junction.model.IdField;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Refuses a value whose id is not its record key (a customer {@code c2} published under key
 * {@code c1}): the table would file it under the key, and the output would carry two ids for one
 * customer. The only check that needs key and value together, so the only one not made by the
 * source's deserializers; the processing exception handler dead-letters the refusal. Tombstones
 * pass: they have no value to disagree with.
 */
final class IdMatchesKey<V> implements FixedKeyProcessor<String, V, V> {

    /** Ids and keys are quoted in the reason; a pathological one is cut to this many characters. */
    private static final int QUOTED_MAX = 80;

    private final IdField<V> id;
    private FixedKeyProcessorContext<String, V> context;

    IdMatchesKey(IdField<V> id) {
        this.id = id;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        V value = record.value();
        if (value != null && !id.of(value).equals(record.key())) {
            throw new BadRecordException(Reason.KEY_MISMATCH, id.name() + " " + quote(id.of(value))
                    + " in the value is not the record key " + quote(record.key()));
        }
        context.forward(record);
    }

    private static String quote(String text) {
        return "'" + (text.length() <= QUOTED_MAX ? text : text.substring(0, QUOTED_MAX) + "...") + "'";
    }
}
