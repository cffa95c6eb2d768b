package junction.sink;

/** A record accepted by the sink, with what to run once it is settled and when it arrived (nanoTime). */
record Submission(SinkRecord record, Runnable onSettled, long arrivedNanos) {
}
