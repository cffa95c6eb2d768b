package junction.sink;

import java.util.Map;

/** How the delivery of one batch (or of one part of a bisected batch) ended; the sink settles its records from it. */
sealed interface Outcome {

    Batch batch();

    /** The endpoint acknowledged the batch. */
    record Delivered(Batch batch, int status) implements Outcome {
    }

    /**
     * The endpoint refused the batch or retries ran out: its records go to dead letters, with the
     * reason and headers (status, attempts, response body snippet) given here.
     *
     * @param cause the bounded category of {@code reason}, for metrics
     */
    record Failed(Batch batch, int status, Cause cause, String reason, Map<String, String> headers) implements Outcome {
    }

    /** Why records were dead-lettered, as a metric tag value: few and fixed. */
    enum Cause {
        /** The endpoint answered with a status that retrying cannot change (4xx). */
        REJECTED("rejected_by_endpoint"),
        /** Retryable failures went on past the retry time. */
        RETRIES_EXHAUSTED("retries_exhausted");

        final String tag;

        Cause(String tag) {
            this.tag = tag;
        }
    }
}
