package junction.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The records of one request and its encoded body. The body and the idempotency key are computed
 * once, so every retry re-sends exactly the same bytes under the same key.
 */
record Batch(List<Submission> submissions, byte[] payload, int encodedBytes, String idempotencyKey) {

    static Batch of(List<Submission> submissions, BodyFormat format, boolean gzip) {
        List<SinkRecord> records = submissions.stream().map(Submission::record).toList();
        byte[] body = format.encode(records);
        return new Batch(List.copyOf(submissions), gzip ? gzip(body) : body, body.length, idempotencyKey(records));
    }

    int size() {
        return submissions.size();
    }

    /** The first and the second half of this batch (the first one record smaller when odd), each encoded anew. */
    List<Batch> halves(BodyFormat format, boolean gzip) {
        int middle = submissions.size() / 2;
        return List.of(of(submissions.subList(0, middle), format, gzip),
                of(submissions.subList(middle, submissions.size()), format, gzip));
    }

    /** SHA-256 of the event ids in order: the same records give the same key, in any later retry. */
    static String idempotencyKey(List<SinkRecord> records) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (SinkRecord record : records) {
                sha.update(record.eventId().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
