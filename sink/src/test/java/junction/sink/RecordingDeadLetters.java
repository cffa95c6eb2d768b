package junction.sink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Dead letters kept in memory; acknowledged at once, or only when the test says so. */
final class RecordingDeadLetters implements DeadLetters {

    record Letter(SinkRecord record, String reason, Map<String, String> headers, CompletableFuture<Void> ack) {
    }

    private final boolean ackAtOnce;
    private final List<Letter> letters = new CopyOnWriteArrayList<>();

    private RecordingDeadLetters(boolean ackAtOnce) {
        this.ackAtOnce = ackAtOnce;
    }

    static RecordingDeadLetters acknowledging() {
        return new RecordingDeadLetters(true);
    }

    static RecordingDeadLetters holding() {
        return new RecordingDeadLetters(false);
    }

    @Override
    public CompletableFuture<Void> write(SinkRecord record, String reason, Map<String, String> headers) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        letters.add(new Letter(record, reason, headers, ack));
        if (ackAtOnce) {
            ack.complete(null);
        }
        return ack;
    }

    List<Letter> letters() {
        return letters;
    }
}
