package junction.app.topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import junction.sink.KafkaDeadLetters;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What the dead-letter topic holds, read to its end: the sink's letters (records the endpoint
 * rejected or that ran out of retries, {@code junction.stage=sink}) and the stream app's (input
 * records it refused, {@code junction.stage=topology} with the reason tag in
 * {@code junction.reason}, and Kafka Streams' {@code __streams.errors.*} headers).
 */
public record DeadLetterTopic(List<Letter> letters) {

    /** Kafka Streams' dead-letter header naming the exception, on records the topology refused. */
    public static final String STREAMS_EXCEPTION_HEADER = "__streams.errors.exception";
    /** The stage of a letter Kafka Streams wrote: an input record the topology could not read. */
    public static final String TOPOLOGY_STAGE = "topology";
    /** The stage of a letter that names none. */
    public static final String UNKNOWN_STAGE = "unknown";

    /**
     * One dead letter: its key (the customer id for the sink's), stage, reason, and every header
     * (the last value of each, as text) for what the stage adds, e.g. the sink's HTTP status.
     */
    public record Letter(String key, String stage, String reason, Map<String, String> headers) {
        public Letter {
            headers = Map.copyOf(headers);
        }
    }

    public DeadLetterTopic {
        letters = List.copyOf(letters);
    }

    public static DeadLetterTopic read(String bootstrapServers, String topic, Duration timeout) {
        List<Letter> letters = new ArrayList<>();
        try (TopicReader reader = new TopicReader(bootstrapServers, timeout)) {
            reader.readToEnd(topic, record -> letters.add(new Letter(
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                    stage(record.headers()), reason(record.headers()), texts(record.headers()))));
        }
        return new DeadLetterTopic(letters);
    }

    /**
     * Which part of junction wrote a letter: {@code sink}, {@code import}, {@code topology} or
     * {@code unknown}. Kafka Streams' headers win: its dead letter keeps the input record's own
     * headers, which might hold a {@code junction.stage} of their own.
     */
    public static String stage(Headers headers) {
        if (header(headers, STREAMS_EXCEPTION_HEADER) != null) {
            return TOPOLOGY_STAGE;
        }
        String stage = header(headers, KafkaDeadLetters.STAGE_HEADER);
        return stage != null ? stage : UNKNOWN_STAGE;
    }

    /** Why a letter was written: junction's reason, or for Kafka Streams' letters the exception's class. */
    public static String reason(Headers headers) {
        if (header(headers, STREAMS_EXCEPTION_HEADER) != null) {
            return header(headers, STREAMS_EXCEPTION_HEADER);
        }
        return header(headers, KafkaDeadLetters.REASON_HEADER);
    }

    private static Map<String, String> texts(Headers headers) {
        Map<String, String> texts = new TreeMap<>();
        for (Header header : headers) {
            texts.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** The last value of a header as UTF-8 text; null when absent. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The customer ids the sink dead-lettered, each once. */
    public List<String> sinkKeys() {
        return letters.stream().filter(l -> "sink".equals(l.stage())).map(Letter::key).distinct().toList();
    }

    /** The event ids of the sink's letters (their {@code junction.event-id} header). */
    public List<String> sinkEventIds() {
        return letters.stream().filter(l -> "sink".equals(l.stage()))
                .map(l -> l.headers().get(KafkaDeadLetters.EVENT_ID_HEADER)).filter(Objects::nonNull).toList();
    }

    /** Letters per reason, for a report. */
    public Map<String, Long> byReason() {
        return Collections.unmodifiableMap(letters.stream().collect(Collectors.groupingBy(
                l -> l.stage() + ": " + l.reason(), TreeMap::new, Collectors.counting())));
    }

    public int size() {
        return letters.size();
    }
}
