package junction.sink;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stream thread that stood still longer than its session timeout (a frozen VM, a long GC
 * pause, SIGSTOP) from writing anything before its next poll tells it where it stands.
 *
 * <p>Under {@code at_least_once} nothing fences such a zombie: the group gave its partitions to
 * another instance, but when it runs again it finishes the records it had fetched and its producer
 * writes their changelog, repartition and output records after the new owner's. A stale changelog
 * record at the tail then comes back as the customer's state when the task moves again, and a
 * merged record built from it can be the customer's last: a wrong final view at the receiver
 * (the {@code frozen-instance} bench saw it). {@code exactly_once_v2} fences zombie producers with
 * transactions, but junction refuses it with the sink (see the README).
 *
 * <p>So each stream thread's producer asks first: if the calling thread's consumer last returned
 * from {@code poll} more than {@code session.timeout.ms} ago, the send fails the way a fenced
 * transactional producer's does ({@link ProducerFencedException} inside a {@link KafkaException}).
 * Kafka Streams turns that into a {@code TaskMigratedException}: it closes the thread's tasks as
 * lost, without committing, and rejoins the group; the sink drops their queued records when their
 * processors close. A healthy thread polls far more often than its session timeout (it polls even
 * while its input is paused), so the fence costs it nothing.
 */
final class PausedThreadFence {

    private static final Logger log = LoggerFactory.getLogger(PausedThreadFence.class);
    /** Kafka's default {@code session.timeout.ms}. */
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);

    private final Map<Thread, Long> lastPollNanos = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private volatile long sessionTimeoutNanos = DEFAULT_SESSION_TIMEOUT.toNanos();

    PausedThreadFence() {
        this(System::nanoTime);
    }

    PausedThreadFence(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The stream threads' session timeout, from their main consumer's configuration. */
    void configure(Map<String, Object> consumerConfig) {
        Object value = consumerConfig.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        if (value != null) {
            sessionTimeoutNanos = Duration.ofMillis(Long.parseLong(value.toString().trim())).toNanos();
        }
    }

    /** The calling stream thread's consumer returned from {@code poll}. */
    void polled() {
        lastPollNanos.put(Thread.currentThread(), nanoClock.getAsLong());
    }

    /** The calling thread's consumer closed. */
    void forget() {
        lastPollNanos.remove(Thread.currentThread());
    }

    /** Throws as a fenced producer would if the calling thread has not polled for longer than its session timeout. */
    void checkMayWrite(String topic) {
        Long last = lastPollNanos.get(Thread.currentThread());
        if (last == null) {
            return;
        }
        long still = nanoClock.getAsLong() - last;
        if (still > sessionTimeoutNanos) {
            String message = String.format(Locale.ROOT,
                    "stream thread %s has not polled for %.1f s, more than session.timeout.ms (%.1f s): another instance may"
                            + " own its partitions now, so it writes nothing (here to %s) until it has rejoined the group",
                    Thread.currentThread().getName(), still / 1e9, sessionTimeoutNanos / 1e9, topic);
            log.warn(message);
            throw new KafkaException(message, new ProducerFencedException(message));
        }
    }

    /** The stream thread's producer, with {@link #checkMayWrite} before every send. */
    @SuppressWarnings("unchecked")
    Producer<byte[], byte[]> guard(Producer<byte[], byte[]> delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("send") && args != null && args.length > 0
                    && args[0] instanceof ProducerRecord<?, ?> record) {
                checkMayWrite(record.topic());
            }
            return BarrierClientSupplier.forward(delegate, method, args);
        };
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, handler);
    }
}
