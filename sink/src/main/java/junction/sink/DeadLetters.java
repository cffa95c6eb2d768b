package junction.sink;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the sink puts records it gives up on. The future completes once the record is durably
 * written; only then is the record settled (and its offset allowed to move).
 */
public interface DeadLetters {

    CompletableFuture<Void> write(SinkRecord record, String reason, Map<String, String> headers);
}
