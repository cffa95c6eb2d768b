package junction.sink;

import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The terminal processor that hands each record to the sink, registered with the
 * {@link DeliveryBarrier} first so that the stream thread's next commit waits for it.
 * The encoder may return null for a record that is not to be delivered.
 */
public final class SinkProcessor<K, V> implements Processor<K, V, Void, Void> {

    private final AnalyticsSink sink;
    private final DeliveryBarrier barrier;
    private final Function<Record<K, V>, SinkRecord> encoder;

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
    public void process(Record<K, V> record) {
        SinkRecord sinkRecord = encoder.apply(record);
        if (sinkRecord == null) {
            return;
        }
        Runnable settle = barrier.register();
        try {
            sink.submit(sinkRecord, settle);
        } catch (RuntimeException e) {
            // Not accepted, so never settled by the sink: uncount it, or every later flush would time out.
            settle.run();
            throw e;
        }
    }
}
