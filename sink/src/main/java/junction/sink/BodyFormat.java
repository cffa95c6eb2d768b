package junction.sink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** How a batch of JSON records is framed into one request body. */
public enum BodyFormat {
    /** One record per line, each line ending in a newline. */
    NDJSON("application/x-ndjson", "", "\n", "\n"),
    /** One JSON array of the records. */
    JSON_ARRAY("application/json", "[", ",", "]");

    private final String contentType;
    private final byte[] open;
    private final byte[] separator;
    private final byte[] close;

    BodyFormat(String contentType, String open, String separator, String close) {
        this.contentType = contentType;
        this.open = open.getBytes(StandardCharsets.US_ASCII);
        this.separator = separator.getBytes(StandardCharsets.US_ASCII);
        this.close = close.getBytes(StandardCharsets.US_ASCII);
    }

    public String contentType() {
        return contentType;
    }

    /** The exact size of the body framing {@code records} records whose JSON adds up to {@code recordBytes}. */
    public long encodedSize(int records, long recordBytes) {
        if (records == 0) {
            return open.length + close.length;
        }
        return open.length + recordBytes + (long) (records - 1) * separator.length + close.length;
    }

    public byte[] encode(List<SinkRecord> records) {
        long bytes = records.stream().mapToLong(r -> r.body().length).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(encodedSize(records.size(), bytes)));
        out.writeBytes(open);
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.writeBytes(separator);
            }
            out.writeBytes(records.get(i).body());
        }
        out.writeBytes(close);
        return out.toByteArray();
    }
}
