package junction.sink;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the sink puts records it gives up on. The future completes once the record is durably
 * written; only then is the record settled (and its offset allowed to move).
 */
public interface DeadLetters {

    /** Header with the HTTP status that failed the record; absent when no response came. */
    String STATUS_HEADER = "junction.http-status";
    /** Header with the number of attempts made for the record's batch (or batch part). */
    String ATTEMPTS_HEADER = "junction.attempts";
    /** Header with the first bytes of the failing response's body, as one line. */
    String RESPONSE_BODY_HEADER = "junction.response-body";

    CompletableFuture<Void> write(SinkRecord record, String reason, Map<String, String> headers);
}
