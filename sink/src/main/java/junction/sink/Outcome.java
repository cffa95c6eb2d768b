package junction.sink;

import java.util.Map;

/** How the delivery of one batch ended; the sink settles the batch's records from it. */
sealed interface Outcome {

    /** The endpoint acknowledged the batch. */
    record Delivered(int status) implements Outcome {
    }

    /** The endpoint refused the batch or retries ran out: its records go to dead letters. */
    record Failed(String reason, Map<String, String> headers) implements Outcome {
    }
}
