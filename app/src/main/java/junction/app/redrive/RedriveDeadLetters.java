package junction.app.redrive;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import junction.sink.DeadLetters;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkRecord;

/**
 * The sink's dead letters during a redrive: a record the endpoint refuses again is written anew
 * through {@link KafkaDeadLetters} (so in the sink's own format, with the new reason, status and
 * response body), and on top its attempts so far ({@code junction.attempts} counts every HTTP
 * attempt since the record was first sent), its redrive count ({@value DeadLetter#REDRIVES_HEADER})
 * and the address of the letter it replaces ({@value DeadLetter#REDRIVEN_FROM_HEADER}). The round's
 * entry learns of the rewrite before the sink settles the record, so the record's fate is known
 * when it is settled.
 */
final class RedriveDeadLetters implements DeadLetters, AutoCloseable {

    private final KafkaDeadLetters letters;
    /** By identity: the sink hands back the very SinkRecord instance it was given. */
    private final Map<SinkRecord, Round.Entry> sending = Collections.synchronizedMap(new IdentityHashMap<>());

    RedriveDeadLetters(KafkaDeadLetters letters) {
        this.letters = letters;
    }

    /** Call before submitting the entry's record to the sink. */
    void sending(Round.Entry entry) {
        sending.put(entry.record(), entry);
    }

    /** Call once the sink settled the entry's record. */
    void settled(Round.Entry entry) {
        sending.remove(entry.record());
    }

    @Override
    public CompletableFuture<Void> write(SinkRecord record, String reason, Map<String, String> headers) {
        Round.Entry entry = sending.get(record);
        if (entry == null) {
            // Not one of ours (cannot happen): still written, since a record is never dropped.
            return letters.write(record, reason, headers);
        }
        DeadLetter original = entry.letter();
        Map<String, String> rewritten = new HashMap<>(headers);
        rewritten.put(KafkaDeadLetters.ATTEMPTS_HEADER,
                Integer.toString(original.attempts() + attempts(headers.get(KafkaDeadLetters.ATTEMPTS_HEADER))));
        rewritten.put(DeadLetter.REDRIVES_HEADER, Integer.toString(original.redrives() + 1));
        rewritten.put(DeadLetter.REDRIVEN_FROM_HEADER, original.where());
        String category = DeadLetter.category(headers.get(KafkaDeadLetters.STATUS_HEADER));
        return letters.write(record, reason, rewritten).thenRun(() -> entry.rewritten(category));
    }

    private static int attempts(String header) {
        try {
            return header == null ? 1 : Integer.parseInt(header);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void close() {
        letters.close();
    }
}
