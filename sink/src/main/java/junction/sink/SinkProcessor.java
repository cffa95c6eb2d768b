package junction.sink;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The terminal processor that hands each record to the sink, registered with the
 * {@link CommitBarrier} under the input record that produced it, so that no commit passes that
 * input record before the sink settled it. The encoder may return null for a record that is not
 * to be delivered.
 *
 * <p>Each record is tagged with its source partition. When Kafka Streams closes the task (one
 * processor per task), the task's records still queued in the sink are dropped and settled: after
 * a hand-over commit the barrier left them uncommitted, and after a loss (a dirty close, without a
 * commit) the task is someone else's; either way the new owner re-processes and sends them.
 */
public final class SinkProcessor<K, V> implements Processor<K, V, Void, Void> {

    private final AnalyticsSink sink;
    private final CommitBarrier barrier;
    private final Function<Record<K, V>, SinkRecord> encoder;
    private final Duration commitInterval;
    /** The input partitions this task's records came from. */
    private final Set<TopicPartition> sources = new HashSet<>();
    private ProcessorContext<Void, Void> context;

    SinkProcessor(AnalyticsSink sink, CommitBarrier barrier, Function<Record<K, V>, SinkRecord> encoder,
            Duration commitInterval) {
        this.sink = sink;
        this.barrier = barrier;
        this.encoder = encoder;
        this.commitInterval = commitInterval;
    }

    /**
     * For {@code KStream.process}: one processor per task, all sharing the sink and the barrier.
     * {@code commitInterval} should be the app's {@code commit.interval.ms}.
     */
    public static <K, V> ProcessorSupplier<K, V, Void, Void> supplier(AnalyticsSink sink, CommitBarrier barrier,
            Function<Record<K, V>, SinkRecord> encoder, Duration commitInterval) {
        return () -> new SinkProcessor<>(sink, barrier, encoder, commitInterval);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        // Records settle after the commit that processed them; with no new input Kafka Streams
        // would never commit their offsets. A punctuation marks the task as needing a commit, so
        // the settled part is committed within a commit interval even when the input is idle.
        context.schedule(commitInterval, PunctuationType.WALL_CLOCK_TIME, now -> { });
    }

    @Override
    public void process(Record<K, V> record) {
        SinkRecord encoded = encoder.apply(record);
        if (encoded == null) {
            return;
        }
        RecordMetadata origin = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "a sink record must come from an input record (no punctuator forwards to the sink)"));
        TopicPartition source = new TopicPartition(origin.topic(), origin.partition());
        sources.add(source);
        SinkRecord sinkRecord = encoded.withSource(source);
        Runnable settle = barrier.register(source, origin.offset());
        try {
            sink.submit(sinkRecord, settle);
        } catch (RuntimeException e) {
            // Not accepted, so never settled by the sink: uncount it, or its offset could never commit.
            settle.run();
            throw e;
        }
    }

    @Override
    public void close() {
        if (!sources.isEmpty()) {
            sink.discardUnsent(record -> record.source() != null && sources.contains(record.source()));
        }
    }
}
