package junction.sink;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * A stream thread's main consumer that tells the sink about two things Kafka Streams keeps to
 * itself: the group generation (read after each poll, for the requests' header) and lost
 * partitions. On {@code onPartitionsLost} — the member was fenced: session timeout, a long GC
 * pause, a frozen VM — it drops the sink's queued records of those partitions <em>before</em> Kafka
 * Streams handles the loss. That order matters: Kafka Streams' dirty close of a lost task first
 * flushes the thread's producer, which would wait (through the commit barrier) until those records
 * had been sent, i.e. until this zombie had written them after another instance took over.
 * Revoked partitions (a clean hand-over) are left alone: Kafka Streams commits them first, and the
 * commit waits for their records as usual.
 *
 * <p>A dynamic proxy, because {@link Consumer} has some fifty methods and only three matter here.
 */
final class PartitionLossAwareConsumer implements InvocationHandler {

    private final Consumer<byte[], byte[]> delegate;
    private final AnalyticsSink sink;

    private PartitionLossAwareConsumer(Consumer<byte[], byte[]> delegate, AnalyticsSink sink) {
        this.delegate = delegate;
        this.sink = sink;
    }

    @SuppressWarnings("unchecked")
    static Consumer<byte[], byte[]> wrap(Consumer<byte[], byte[]> delegate, AnalyticsSink sink) {
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                new Class<?>[] {Consumer.class}, new PartitionLossAwareConsumer(delegate, sink));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && method.getName().equals("subscribe")) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof ConsumerRebalanceListener listener) {
                    args[i] = new LossListener(listener);
                }
            }
        }
        if (method.getName().equals("equals") && args != null && args.length == 1) {
            return proxy == args[0];
        }
        if (method.getName().equals("hashCode") && (args == null || args.length == 0)) {
            return System.identityHashCode(proxy);
        }
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (method.getName().equals("poll")) {
            sink.groupGeneration().seen(delegate.groupMetadata().generationId());
        }
        return result;
    }

    /** Kafka Streams' own listener, with the sink told first when partitions are lost. */
    private final class LossListener implements ConsumerRebalanceListener {
        private final ConsumerRebalanceListener streams;

        LossListener(ConsumerRebalanceListener streams) {
            this.streams = streams;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            streams.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            streams.onPartitionsAssigned(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            Set<TopicPartition> lost = Set.copyOf(partitions);
            sink.discardUnsent(record -> record.source() != null && lost.contains(record.source()));
            streams.onPartitionsLost(partitions);
        }
    }
}
