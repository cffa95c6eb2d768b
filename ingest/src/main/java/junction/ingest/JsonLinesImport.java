package junction.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import junction.model.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a JSON-lines file, one customer or inventory item per line, into its input topic, keyed
 * by the record's id. Each line is checked with the model serde the stream app reads with, so a
 * line that passes here is one the app accepts; a line that does not is written to the dead-letter
 * topic (raw line as value, reason and file:line in headers) and the import goes on. Lines are
 * sent as they are, so fields junction does not know yet travel along. Blank lines are skipped.
 */
public final class JsonLinesImport {

    /** Same header names as the sink's dead letters, so one consumer reads both. */
    public static final String REASON_HEADER = "junction.reason";
    public static final String SOURCE_HEADER = "junction.source";
    public static final String STAGE_HEADER = "junction.stage";
    public static final String STAGE = "import";

    private static final Logger log = LoggerFactory.getLogger(JsonLinesImport.class);
    private static final int KEPT_PROBLEMS = 10;

    private final InputProducer producer;
    private final String deadLetterTopic;

    /** Dead letters go to {@code junction-dlq}. */
    public JsonLinesImport(InputProducer producer) {
        this(producer, Topics.DEAD_LETTERS.name());
    }

    public JsonLinesImport(InputProducer producer, String deadLetterTopic) {
        this.producer = producer;
        this.deadLetterTopic = deadLetterTopic;
    }

    /**
     * Reads the whole file (UTF-8) and returns once every record sent is acked or failed; the
     * producer's counters tell which.
     *
     * @throws IOException if the file cannot be read, or is not UTF-8 text
     */
    public ImportResult importFile(Path file, InputTopic target) throws IOException {
        String topic = producer.topicName(target);
        long read = 0;
        long sent = 0;
        long rejected = 0;
        List<String> problems = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, UTF_8)) {
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                read++;
                byte[] json = line.getBytes(UTF_8);
                try {
                    String key = target.keyOf(json);
                    producer.send(new ProducerRecord<>(topic, target.serializeKey(topic, key), json));
                    sent++;
                } catch (SerializationException e) {
                    rejected++;
                    String source = file + ":" + lineNumber;
                    deadLetter(json, source, e.getMessage());
                    if (problems.size() < KEPT_PROBLEMS) {
                        problems.add("line " + lineNumber + ": " + e.getMessage());
                        log.warn("{} rejected: {}", source, e.getMessage());
                    }
                }
            }
        }
        producer.flush();
        if (rejected > 0) {
            log.warn("{}: {} of {} records rejected to {}", file, rejected, read, deadLetterTopic);
        }
        return new ImportResult(read, sent, rejected, problems);
    }

    private void deadLetter(byte[] line, String source, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.getBytes(UTF_8));
        headers.add(SOURCE_HEADER, source.getBytes(UTF_8));
        headers.add(STAGE_HEADER, STAGE.getBytes(UTF_8));
        producer.send(new ProducerRecord<>(deadLetterTopic, null, (byte[]) null, line, headers));
    }
}
