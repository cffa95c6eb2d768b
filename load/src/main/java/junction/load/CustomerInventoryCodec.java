package junction.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.GZIPInputStream;
import junction.model.CustomerInventory;
import junction.model.JsonSerde;

/**
 * Reads and writes batches of {@link CustomerInventory} as the analytics endpoint speaks them:
 * NDJSON (one record per line) or a JSON array, optionally gzip-compressed. A batch is all or
 * nothing: one bad record, or none at all, makes the whole body invalid.
 */
final class CustomerInventoryCodec {

    private static final ObjectReader RECORD = JsonSerde.MAPPER.readerFor(CustomerInventory.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader ARRAY = JsonSerde.MAPPER.readerForListOf(CustomerInventory.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectWriter WRITER = JsonSerde.MAPPER.writerFor(CustomerInventory.class);

    /** Why a body was refused; the message is meant for the client. */
    static final class InvalidBodyException extends Exception {
        InvalidBodyException(String message) {
            super(message);
        }
    }

    private CustomerInventoryCodec() {
    }

    /**
     * Decodes a request body.
     *
     * @param jsonArray true for a JSON array, false for NDJSON
     * @param gzip true if the body is gzip-compressed
     */
    static List<CustomerInventory> decode(byte[] body, boolean jsonArray, boolean gzip) throws InvalidBodyException {
        byte[] plain = gzip ? gunzip(body) : body;
        List<CustomerInventory> records = jsonArray ? readArray(plain) : readNdjson(plain);
        if (records.isEmpty()) {
            throw new InvalidBodyException("no records in the body");
        }
        for (int i = 0; i < records.size(); i++) {
            CustomerInventory r = records.get(i);
            if (r == null) {
                throw new InvalidBodyException("record " + (i + 1) + " is null");
            }
            if (r.customerId() == null || r.customerId().isBlank()) {
                throw new InvalidBodyException("record " + (i + 1) + " has no customerId");
            }
        }
        return records;
    }

    /** NDJSON for the records, one line each, ending with a newline. */
    static byte[] encodeNdjson(Collection<CustomerInventory> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 256);
        try {
            for (CustomerInventory r : records) {
                out.write(WRITER.writeValueAsBytes(r));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a record as JSON", e);
        }
        return out.toByteArray();
    }

    private static List<CustomerInventory> readArray(byte[] body) throws InvalidBodyException {
        try {
            List<CustomerInventory> records = ARRAY.readValue(body);
            if (records == null) {
                throw new InvalidBodyException("expected a JSON array, got null");
            }
            return records;
        } catch (IOException e) {
            throw new InvalidBodyException("not a JSON array of records: " + firstLine(e.getMessage()));
        }
    }

    private static List<CustomerInventory> readNdjson(byte[] body) throws InvalidBodyException {
        List<CustomerInventory> records = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start < body.length) {
            line++;
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (!isBlank(body, start, end)) {
                try {
                    records.add(RECORD.readValue(body, start, end - start));
                } catch (IOException e) {
                    throw new InvalidBodyException("line " + line + " is not a JSON record: " + firstLine(e.getMessage()));
                }
            }
            start = end + 1;
        }
        return records;
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static byte[] gunzip(byte[] body) throws InvalidBodyException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidBodyException("Content-Encoding is gzip but the body is not: " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
