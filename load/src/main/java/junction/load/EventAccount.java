package junction.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * the same id if the state it reads is the same, or with another id and content if the state moved
 * on in between (state stores are restored from changelogs that may hold writes newer than the
 * committed input offset), and the endpoint gets that later version instead. Such a record is
 * counted as {@code superseded} only if both hold: (1) it lies in a stretch of its output partition
 * that was processed twice — some event id written at or before it is written again after it; and
 * (2) a later record of the same customer on the output topic reached the endpoint or the
 * dead-letter topic. Anything else unaccounted for is {@code lost}, and a lost event fails the run.
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

    /** One record of the output topic; {@code eventId} null when it had no header. */
    public record Emission(int partition, long offset, String customerId, String eventId) {
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
                Header id = record.headers().lastHeader(DeliveryHeaders.EVENT_ID);
                emissions.add(new Emission(record.partition(), record.offset(),
                        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                        id == null ? null : new String(id.value(), StandardCharsets.UTF_8)));
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

    /** The output topic read to its end and accounted against what the endpoint and the dead-letter topic got. */
    public static EventAccount of(String bootstrapServers, String outputTopic, Duration timeout, boolean atLeastOnce,
            Set<String> received, Collection<String> deadLettered) {
        Output output = readOutput(bootstrapServers, outputTopic, timeout, atLeastOnce);
        return account(output.emissions(), received, deadLettered, output.gaps());
    }

    /**
     * The accounting itself, on the output topic's records in partition and offset order.
     *
     * @param gaps offsets already known to be missing from {@code emissions}
     */
    public static EventAccount account(List<Emission> emissions, Set<String> received, Collection<String> deadLettered,
            long gaps) {
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
            Map<String, Integer> lastIndex = new HashMap<>();
            for (int i = 0; i < size; i++) {
                lastIndex.put(partition.get(i).eventId(), i);
            }
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
            int reachOfRepeats = -1;
            for (int i = 0; i < size; i++) {
                Emission e = partition.get(i);
                reachOfRepeats = Math.max(reachOfRepeats, lastIndex.get(e.eventId()));
                if (!seen.add(e.eventId())) {
                    continue;
                }
                if (received.contains(e.eventId())) {
                    delivered++;
                } else if (lettered.contains(e.eventId())) {
                    letters++;
                } else if (reachOfRepeats > i && laterAccounted[i]) {
                    superseded++;
                } else {
                    lost++;
                    if (examples.size() < Verifier.MAX_EXAMPLES) {
                        examples.add("lost event " + e.eventId() + " of " + e.customerId() + " (output partition "
                                + e.partition() + ", offset " + e.offset() + ")");
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
}
