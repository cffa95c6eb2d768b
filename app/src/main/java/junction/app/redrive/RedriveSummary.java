package junction.app.redrive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import junction.model.JsonSerde;

/**
 * What a redrive did, printed as its last line of JSON. Every letter read is accounted for:
 * {@code read = redriven + rejectedAgain + skipped + unsettled} ({@code toRedrive} in a dry run,
 * where nothing is sent).
 *
 * @param toRedrive sink letters chosen to be sent (redriven + rejectedAgain + unsettled)
 * @param redriven acknowledged by the endpoint (2xx; the endpoint may have dropped some as duplicates)
 * @param rejectedAgain refused again or out of retries, and written anew to the dead-letter topic
 * @param skipped left on the topic: input letters of the topology or the import, and superseded ones
 * @param unsettled sent but not settled when redrive stopped: not committed, read again next time
 * @param lettersByReason the letters chosen to be sent by why the endpoint did not take them before
 * @param verified whether every letter rejected again was read back from the dead-letter topic
 *     after the run (null in a dry run)
 * @param stopped why redrive stopped before the end, or null
 */
@JsonPropertyOrder({"dryRun", "read", "toRedrive", "redriven", "rejectedAgain", "skipped", "unsettled",
        "lettersByReason", "rejectedAgainByReason", "skippedByReason", "verified", "stopped"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RedriveSummary(
        boolean dryRun,
        long read,
        long toRedrive,
        long redriven,
        long rejectedAgain,
        long skipped,
        long unsettled,
        SortedMap<String, Long> lettersByReason,
        SortedMap<String, Long> rejectedAgainByReason,
        SortedMap<String, Long> skippedByReason,
        Boolean verified,
        String stopped) {

    public RedriveSummary {
        lettersByReason = Collections.unmodifiableSortedMap(new TreeMap<>(lettersByReason));
        rejectedAgainByReason = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedAgainByReason));
        skippedByReason = Collections.unmodifiableSortedMap(new TreeMap<>(skippedByReason));
    }

    /** 0 when every sink letter read was delivered, 1 when one was rejected again or left for the next run. */
    public int exitCode() {
        boolean clean = rejectedAgain == 0 && unsettled == 0 && stopped == null && !Boolean.FALSE.equals(verified);
        return clean ? 0 : 1;
    }

    public String json() {
        try {
            return JsonSerde.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary of numbers and strings is always JSON", e);
        }
    }

    /** Adds up the rounds of one run. */
    static final class Tally {
        private final boolean dryRun;
        private long read;
        private long toRedrive;
        private long redriven;
        private long rejectedAgain;
        private long skipped;
        private long unsettled;
        private final Map<String, Long> lettersByReason = new TreeMap<>();
        private final Map<String, Long> rejectedAgainByReason = new TreeMap<>();
        private final Map<String, Long> skippedByReason = new TreeMap<>();
        private final List<String> rewritten = new ArrayList<>();
        private String stopped;

        Tally(boolean dryRun) {
            this.dryRun = dryRun;
        }

        long read() {
            return read;
        }

        /** Counts a round once it is over (settled, or given up). */
        void add(Round round) {
            for (Round.Entry entry : round.entries()) {
                read++;
                if (entry.fate() == Round.Fate.SKIPPED) {
                    skipped++;
                    skippedByReason.merge(entry.skipReason(), 1L, Long::sum);
                    continue;
                }
                toRedrive++;
                lettersByReason.merge(entry.letter().category(), 1L, Long::sum);
                switch (entry.fate()) {
                    case DELIVERED -> redriven++;
                    case REJECTED_AGAIN -> {
                        rejectedAgain++;
                        rejectedAgainByReason.merge(entry.rejectedAgain(), 1L, Long::sum);
                        rewritten.add(entry.letter().where());
                    }
                    case TO_SEND -> unsettled += dryRun ? 0 : 1;
                    case SKIPPED -> throw new IllegalStateException("counted above");
                }
            }
        }

        /** Addresses of the letters written anew, for the read-back check. */
        List<String> rewritten() {
            return rewritten;
        }

        void stopped(String why) {
            if (stopped == null) {
                stopped = why;
            }
        }

        RedriveSummary summary(Boolean verified) {
            return new RedriveSummary(dryRun, read, toRedrive, redriven, rejectedAgain, skipped, unsettled,
                    new TreeMap<>(lettersByReason), new TreeMap<>(rejectedAgainByReason), new TreeMap<>(skippedByReason),
                    dryRun ? null : verified, stopped);
        }
    }
}
