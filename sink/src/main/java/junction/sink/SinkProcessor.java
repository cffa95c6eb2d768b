package junction.sink;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The terminal processor that hands each record to the sink, registered with the
 * {@link DeliveryBarrier} first so that the stream thread's next commit waits for it.
 * The encoder may return null for a record that is not to be delivered.
 *
 * <p>Each record is tagged with its source partition. When Kafka Streams closes the task (one
 * processor per task), any of the task's records still queued in the sink are dropped and settled:
 * Kafka Streams closes a task only after committing it (so none is left) or when it lost the task
 * (closed dirty, without a commit: checked in the Kafka Streams sources, {@code StreamTask.suspend}
 * closes the topology's processors, and {@code closeDirty} runs only on a suspended task), and a lost
 * task's records are re-sent by its new owner.
 */
public final class SinkProcessor<K, V> implements Processor<K, V, Void, Void> {

    private final AnalyticsSink sink;
    private final DeliveryBarrier barrier;
    private final Function<Record<K, V>, SinkRecord> encoder;
    /** The input partitions this task's records came from. */
    private final Set<TopicPartition> sources = new HashSet<>();
    private ProcessorContext<Void, Void> context;

    public SinkProcessor(AnalyticsSink sink, DeliveryBarrier barrier, Function<Record<K, V>, SinkRecord> encoder) {
        this.sink = sink;
        this.barrier = barrier;
        this.encoder = encoder;
    }

    /** For {@code KStream.process}: one processor per task, all sharing the sink and the barrier. */
    public static <K, V> ProcessorSupplier<K, V, Void, Void> supplier(
            AnalyticsSink sink, DeliveryBarrier barrier, Function<Record<K, V>, SinkRecord> encoder) {
        return () -> new SinkProcessor<>(sink, barrier, encoder);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, V> record) {
        SinkRecord encoded = encoder.apply(record);
        if (encoded == null) {
            return;
        }
        TopicPartition source = context == null ? null : context.recordMetadata()
                .map(m -> new TopicPartition(m.topic(), m.partition())).orElse(null);
        if (source != null) {
            sources.add(source);
        }
        SinkRecord sinkRecord = encoded.withSource(source);
        Runnable settle = barrier.register();
        try {
            sink.submit(sinkRecord, settle);
        } catch (RuntimeException e) {
            // Not accepted, so never settled by the sink: uncount it, or every later flush would time out.
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
