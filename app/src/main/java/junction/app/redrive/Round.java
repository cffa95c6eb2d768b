package junction.app.redrive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.sink.SinkRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The letters of one poll and what became of each, and from that the offsets that may be
 * committed: in each partition, up to the first letter not yet settled. A letter is settled when
 * it was skipped (it stays on the topic), delivered (2xx), or written anew to the dead-letter
 * topic; only then may the group's offset pass it, so a letter is never lost to a crash or a stop.
 *
 * <p>Fates change on sink threads and are read on the redrive thread, hence volatile fields.
 */
final class Round {

    enum Fate {
        /** Chosen to be sent, not settled yet (or, in a dry run, never sent). */
        TO_SEND,
        /** Left on the topic: not the sink's, or superseded. */
        SKIPPED,
        /** Acknowledged by the endpoint. */
        DELIVERED,
        /** Refused again (or retries ran out) and written anew to the dead-letter topic. */
        REJECTED_AGAIN
    }

    /** One letter and its fate. */
    static final class Entry {
        private final DeadLetter letter;
        private SinkRecord record;
        private volatile Fate fate = Fate.TO_SEND;
        private volatile String skipReason;
        private volatile String rejectedAgain;

        Entry(DeadLetter letter) {
            this.letter = letter;
        }

        DeadLetter letter() {
            return letter;
        }

        /** The record handed to the sink; the same instance every time, as the sink's dead letters identify it by. */
        synchronized SinkRecord record() {
            if (record == null) {
                record = letter.toSinkRecord();
            }
            return record;
        }

        Fate fate() {
            return fate;
        }

        String skipReason() {
            return skipReason;
        }

        /** The category of the answer that refused it again; null unless {@link Fate#REJECTED_AGAIN}. */
        String rejectedAgain() {
            return rejectedAgain;
        }

        void skip(String reason) {
            skipReason = reason;
            fate = Fate.SKIPPED;
        }

        /** The new dead letter is written; the sink settles the record right after. */
        void rewritten(String category) {
            rejectedAgain = category;
        }

        /** The sink settled the record: delivered, unless it was written anew before. */
        void settled() {
            fate = rejectedAgain == null ? Fate.DELIVERED : Fate.REJECTED_AGAIN;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(DeadLetter letter) {
        entries.add(new Entry(letter));
    }

    List<Entry> entries() {
        return entries;
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<Entry> toSend() {
        return entries.stream().filter(e -> e.fate() == Fate.TO_SEND).toList();
    }

    long count(Fate fate) {
        return entries.stream().filter(e -> e.fate() == fate).count();
    }

    /**
     * Per partition of this round, the offset to commit: that of its first unsettled letter, or
     * one past its last letter when all are settled. Letters of a partition are in offset order,
     * as a poll returns them.
     */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        Map<TopicPartition, Boolean> blocked = new LinkedHashMap<>();
        for (Entry entry : entries) {
            TopicPartition partition = entry.letter().partition();
            if (blocked.getOrDefault(partition, false)) {
                continue;
            }
            if (entry.fate() == Fate.TO_SEND) {
                blocked.put(partition, true);
                next.putIfAbsent(partition, entry.letter().offset());
            } else {
                blocked.put(partition, false);
                next.put(partition, entry.letter().offset() + 1);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        return offsets;
    }
}
