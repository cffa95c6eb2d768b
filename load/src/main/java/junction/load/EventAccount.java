package junction.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import junction.app.topics.TopicReader;
import junction.model.DeliveryHeaders;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The event-level half of the verifier: every merged record the topology emitted (the output
 * topic, each record's {@code eventId} from its {@link DeliveryHeaders#EVENT_ID} header, so
 * tombstones count too) must have reached the endpoint or the dead-letter topic. A final-view check
 * cannot see a lost intermediate version that a later one overwrote; this can.
 *
 * <p><b>Superseded, not lost.</b> One case lets a record be neither delivered nor dead-lettered by
 * design: its instance died (or lost the partition) before delivering it, so its input offset was
 * not committed, and the input was processed again. The re-processing emits the record again, with
 * the same id if the state it reads is the same, with another id and content if the state moved on
 * in between (state stores are restored from changelogs that may hold writes newer than the
 * committed input offset), or not at all (the foreign-key join drops a response whose customer has
 * changed since), and the endpoint gets a later version instead. Such a record is counted as
 * {@code superseded} only if both hold:
 * <ol>
 *   <li>its input was not committed before it was processed again. Consumption only goes back to
 *       the committed offset, and commits only move forward, so one of these proves it, from each
 *       record's {@link DeliveryHeaders#ORIGIN} (topic, partition, offset of its input):
 *       <ul>
 *         <li>an input consumed at or before the record (the origin of a record written at or
 *             before it) is the origin, or before the origin, of a record written after it: the
 *             task's last commit before that going back was made before the record was processed.
 *             An equal origin counts: every merged record comes from one response of the
 *             foreign-key join, which emits at most one result per response, so the same origin
 *             twice is the same input consumed twice;
 *         <li>the first going back after the record restarted from an offset at or below the
 *             record's origin: the commit of that input partition in effect when the group's last
 *             generation before the going back formed (from the {@link CommitHistory}, timed by
 *             the {@link DeliveryHeaders#VERSION} of the record that went back; not a commit the
 *             restarted instance made itself before that record) is at or below it. This
 *             covers the re-processing that emits nothing: the join drops a response whose
 *             customer changed since, and a restored store often already holds that change;
 *       </ul>
 *   <li>a later record of the same customer on the output topic reached the endpoint or the
 *       dead-letter topic.
 * </ol>
 * One output partition is written by one task (its customers' partition), so every record in it
 * shares the inputs that proof looks at. Anything else unaccounted for is {@code lost}, and a lost
 * event fails the run.
 *
 * <p><b>Compaction.</b> The output topic is compacted in production ({@code topics create}), and
 * compaction removes older records of a key. The log cleaner never touches the active segment
 * (1 GiB or 7 days by default, far more than a test or bench run writes), so in a run nothing is
 * removed before the verifier reads; this is checked, not assumed: under at-least-once the output
 * topic holds no transaction markers, so its offsets run without a gap from 0, and every missing
 * offset (compacted or deleted away) is counted in {@code unaccountable} and fails the run. Under
 * exactly-once, commit markers take offsets too, so gaps are not counted there.
 *
 * @param emitted distinct event ids on the output topic
 * @param delivered of them, received by the endpoint
 * @param deadLettered of them, not received but on the dead-letter topic
 * @param superseded of them, neither, but re-processed and replaced by a later version (above)
 * @param lost of them, neither, and not superseded: must be 0
 * @param unaccountable output offsets without a readable event id (removed by compaction or
 *     retention, or written without the header): must be 0
 * @param examples a few lost events, readable
 */
public record EventAccount(long emitted, long delivered, long deadLettered, long superseded, long lost,
                           long unaccountable, List<String> examples) {

    /**
     * One record of the output topic; {@code eventId} and {@code origin} null, {@code emittedAtMillis}
     * -1, when it had no such header. {@code origin} is {@code topic/partition/offset}
     * ({@code EventIds.origin}); {@code emittedAtMillis} is when its version was issued.
     */
    public record Emission(int partition, long offset, String customerId, String eventId, String origin,
                           long emittedAtMillis) {

        /** The origin's topic and partition, null if it has none (or only a timestamp). */
        String originPartition() {
            return origin == null || origin.indexOf('/') < 0 ? null : origin.substring(0, origin.lastIndexOf('/'));
        }

        long originOffset() {
            return Long.parseLong(origin.substring(origin.lastIndexOf('/') + 1));
        }
    }

    public EventAccount {
        examples = List.copyOf(examples);
    }

    /** Nothing lost and nothing unaccountable. */
    public boolean ok() {
        return lost == 0 && unaccountable == 0;
    }

    /**
     * The output topic's records, and the offsets below its end that hold none (see above).
     *
     * @param gaps offsets missing between 0 and the end offsets read to, counted only when asked
     */
    public record Output(List<Emission> emissions, long gaps) {
    }

    /**
     * Reads the output topic to its end.
     *
     * @param countGaps true under at-least-once, where a missing offset means a removed record
     */
    public static Output readOutput(String bootstrapServers, String topic, Duration timeout, boolean countGaps) {
        List<Emission> emissions = new ArrayList<>();
        Map<Integer, Long> read = new HashMap<>();
        Map<TopicPartition, Long> end;
        try (TopicReader reader = new TopicReader(bootstrapServers, timeout)) {
            end = reader.readToEnd(topic, record -> {
                read.merge(record.partition(), 1L, Long::sum);
                String version = header(record.headers().lastHeader(DeliveryHeaders.VERSION));
                emissions.add(new Emission(record.partition(), record.offset(), utf8(record.key()),
                        header(record.headers().lastHeader(DeliveryHeaders.EVENT_ID)),
                        header(record.headers().lastHeader(DeliveryHeaders.ORIGIN)),
                        version == null ? -1 : DeliveryHeaders.versionMillis(Long.parseLong(version))));
            });
        }
        long gaps = 0;
        if (countGaps) {
            for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                gaps += partition.getValue() - read.getOrDefault(partition.getKey().partition(), 0L);
            }
        }
        return new Output(emissions, gaps);
    }

    /**
     * The output topic read to its end and accounted against what the endpoint and the dead-letter
     * topic got, with the broker's commit history as proof of re-processing.
     */
    public static EventAccount of(String bootstrapServers, String outputTopic, Duration timeout, boolean atLeastOnce,
            Set<String> received, Collection<String> deadLettered) {
        Output output = readOutput(bootstrapServers, outputTopic, timeout, atLeastOnce);
        return account(output.emissions(), received, deadLettered, output.gaps(),
                CommitHistory.read(bootstrapServers, timeout));
    }

    /** {@link #account(List, Set, Collection, long, CommitHistory)} without a commit history. */
    public static EventAccount account(List<Emission> emissions, Set<String> received, Collection<String> deadLettered,
            long gaps) {
        return account(emissions, received, deadLettered, gaps, CommitHistory.NONE);
    }

    /**
     * The accounting itself, on the output topic's records in partition and offset order.
     *
     * @param gaps offsets already known to be missing from {@code emissions}
     */
    public static EventAccount account(List<Emission> emissions, Set<String> received, Collection<String> deadLettered,
            long gaps, CommitHistory commits) {
        Set<String> lettered = new HashSet<>(deadLettered);
        Map<Integer, List<Emission>> byPartition = new TreeMap<>();
        long unaccountable = gaps;
        for (Emission e : emissions) {
            if (e.eventId() == null) {
                unaccountable++;
            } else {
                byPartition.computeIfAbsent(e.partition(), p -> new ArrayList<>()).add(e);
            }
        }
        Set<String> seen = new HashSet<>();
        long superseded = 0;
        long lost = 0;
        long delivered = 0;
        long letters = 0;
        List<String> examples = new ArrayList<>();
        for (List<Emission> partition : byPartition.values()) {
            int size = partition.size();
            Reprocessing reprocessing = processedAgainAfter(partition, commits);
            boolean[] reprocessed = reprocessing.covered();
            // laterAccounted[i]: a later record of the same customer reached the endpoint or the letters.
            boolean[] laterAccounted = new boolean[size];
            Set<String> accountedCustomers = new HashSet<>();
            for (int i = size - 1; i >= 0; i--) {
                Emission e = partition.get(i);
                laterAccounted[i] = accountedCustomers.contains(e.customerId());
                if (received.contains(e.eventId()) || lettered.contains(e.eventId())) {
                    accountedCustomers.add(e.customerId());
                }
            }
            for (int i = 0; i < size; i++) {
                Emission e = partition.get(i);
                if (!seen.add(e.eventId())) {
                    continue;
                }
                if (received.contains(e.eventId())) {
                    delivered++;
                } else if (lettered.contains(e.eventId())) {
                    letters++;
                } else if (reprocessed[i] && laterAccounted[i]) {
                    superseded++;
                } else {
                    lost++;
                    if (examples.size() < Verifier.MAX_EXAMPLES) {
                        examples.add(describeLoss(partition, i, reprocessing, received, lettered, commits));
                    }
                }
            }
        }
        if (unaccountable > 0) {
            examples.add(0, unaccountable + " output offsets without a readable event id (compacted or deleted away,"
                    + " or written without the header)");
        }
        return new EventAccount(seen.size(), delivered, letters, superseded, lost, unaccountable, examples);
    }

    /**
     * For each record of one output partition: was its input consumed again after it (condition 1
     * above)? A record written at index {@code j} from offset {@code f} of input partition {@code q}
     * goes back if a record had already come from {@code f} of {@code q} or above; the first index
     * {@code k} where one had (binary search in q's running maximum) starts the stretch
     * {@code [k, j - 1]} it proves. A record not in such a stretch is proven by the commit history
     * and the first going back after it.
     */
    static Reprocessing processedAgainAfter(List<Emission> partition, CommitHistory commits) {
        int size = partition.size();
        // Per input partition: {index, offset} each time its running maximum offset rose.
        Map<String, List<long[]>> rises = new HashMap<>();
        int[] coverFrom = new int[size];
        Arrays.fill(coverFrom, Integer.MAX_VALUE);
        boolean[] wentBack = new boolean[size];
        for (int j = 0; j < size; j++) {
            Emission e = partition.get(j);
            String q = e.originPartition();
            if (q == null) {
                continue;
            }
            long f = e.originOffset();
            List<long[]> rise = rises.computeIfAbsent(q, k -> new ArrayList<>());
            int first = firstIndexAtOrAbove(rise, f);
            if (first >= 0) {
                wentBack[j] = true;
                coverFrom[j - 1] = Math.min(coverFrom[j - 1], first);
            }
            if (rise.isEmpty() || rise.get(rise.size() - 1)[1] < f) {
                rise.add(new long[] {j, f});
            }
        }
        // Index i is covered if some stretch [from, end] with end >= i has from <= i, or if the
        // first going back after it restarted at or below its origin.
        boolean[] covered = new boolean[size];
        int from = Integer.MAX_VALUE;
        int nextBack = -1;
        // The offset each input partition restarted from at nextBack: one lookup per restart, not per record.
        Map<String, Long> restartedFrom = new HashMap<>();
        for (int i = size - 1; i >= 0; i--) {
            from = Math.min(from, coverFrom[i]);
            Emission e = partition.get(i);
            covered[i] = from <= i || nextBack >= 0 && restartedAtOrBelow(e, partition.get(nextBack), commits, restartedFrom);
            if (wentBack[i]) {
                nextBack = i;
                restartedFrom.clear();
            }
        }
        return new Reprocessing(covered, wentBack);
    }

    /**
     * Per record of one output partition: {@code covered}, its input provably consumed again;
     * {@code wentBack}, it came from an input at or before one already consumed (a restart).
     */
    record Reprocessing(boolean[] covered, boolean[] wentBack) {
    }

    /**
     * Did the restart that {@code back} shows begin at or below {@code record}'s input offset?
     * {@code restartedFrom} caches, per input partition, the offset that restart began from.
     */
    private static boolean restartedAtOrBelow(Emission record, Emission back, CommitHistory commits,
            Map<String, Long> restartedFrom) {
        String q = record.originPartition();
        return !commits.isEmpty() && q != null && back.emittedAtMillis() >= 0
                && restartedFrom.computeIfAbsent(q, p -> commits.restartedFrom(p, back.emittedAtMillis()))
                        <= record.originOffset();
    }

    /** The first index at which the running maximum reached {@code offset}, or -1 if it never did. */
    private static int firstIndexAtOrAbove(List<long[]> rise, long offset) {
        int lo = 0;
        int hi = rise.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (rise.get(mid)[1] >= offset) {
                found = (int) rise.get(mid)[0];
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /**
     * A lost event with what a reader needs to judge it: its origin, its customer's records in the
     * partition, and where the partition went back to earlier inputs (restarts), each with the
     * offset committed before it.
     */
    private static String describeLoss(List<Emission> partition, int index, Reprocessing reprocessing,
            Set<String> received, Set<String> lettered, CommitHistory commits) {
        Emission lost = partition.get(index);
        boolean reprocessed = reprocessing.covered()[index];
        StringBuilder text = new StringBuilder("lost event " + lost.eventId() + " of " + lost.customerId()
                + " (output partition " + lost.partition() + ", offset " + lost.offset() + ", origin " + lost.origin()
                + (reprocessed ? ", consumed again but no later version accounted" : ", no proof its input was consumed again")
                + "); the customer's records in the partition:");
        for (Emission e : partition) {
            if (Objects.equals(e.customerId(), lost.customerId())) {
                text.append(' ').append(e.offset()).append('@').append(e.origin()).append('=')
                        .append(received.contains(e.eventId()) ? "received" : lettered.contains(e.eventId()) ? "lettered" : "missing");
            }
        }
        text.append("; the partition went back at:");
        boolean[] wentBack = reprocessing.wentBack();
        for (int j = 0; j < partition.size(); j++) {
            Emission e = partition.get(j);
            if (wentBack[j] && (j == 0 || !wentBack[j - 1])) {
                text.append(' ').append(e.offset()).append('@').append(e.origin());
                if (!commits.isEmpty() && e.emittedAtMillis() >= 0) {
                    // Times too: a commit the restarted instance made itself before this record shows
                    // up here as a commit between the restart and the record's emission.
                    CommitHistory.Commit then = commits.commitAt(e.originPartition(), e.emittedAtMillis());
                    text.append(" emitted ").append(Instant.ofEpochMilli(e.emittedAtMillis())).append(" (committed then: ")
                            .append(then == null ? "nothing" : then.offset() + ", at " + Instant.ofEpochMilli(then.atMillis()))
                            .append("; restarted from at most ").append(commits.restartedFrom(e.originPartition(), e.emittedAtMillis()))
                            .append(')');
                }
            }
        }
        return text.toString();
    }

    private static String header(Header header) {
        return header == null ? null : utf8(header.value());
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
