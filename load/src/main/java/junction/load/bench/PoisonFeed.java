package junction.load.bench;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import junction.ingest.InputProducer;
import junction.ingest.InputTopic;
import junction.metrics.DaemonThreads;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends malformed records ({@link PoisonKind}) at a steady rate, on a thread of its own, through
 * the producer the valid traffic uses, until stopped. The kinds take turns, and each round of
 * kinds alternates between the customers and the inventory topic; the records sent are counted
 * by kind, so a run knows exactly how many dead letters to expect.
 */
final class PoisonFeed {

    private final InputProducer producer;
    private final List<PoisonKind> kinds;
    private final double ratePerSec;
    private final Map<PoisonKind, Long> sent = new EnumMap<>(PoisonKind.class);
    private final Thread thread;
    private volatile boolean stopped;

    PoisonFeed(InputProducer producer, List<PoisonKind> kinds, double ratePerSec) {
        if (kinds.isEmpty() || !(ratePerSec > 0)) {
            throw new IllegalArgumentException("a poison feed needs kinds and a positive rate");
        }
        this.producer = producer;
        this.kinds = List.copyOf(kinds);
        this.ratePerSec = ratePerSec;
        this.thread = DaemonThreads.thread("bench-poison", this::run);
    }

    /** The n-th record of a feed: its kind, topic and key (numbered per kind). */
    record Poison(PoisonKind kind, InputTopic topic, String key) {

        static Poison number(List<PoisonKind> kinds, long n) {
            PoisonKind kind = kinds.get((int) (n % kinds.size()));
            long round = n / kinds.size();
            InputTopic topic = round % 2 == 0 ? InputTopic.CUSTOMERS : InputTopic.INVENTORY;
            return new Poison(kind, topic, kind.key(round));
        }
    }

    void start() {
        thread.start();
    }

    private void run() {
        double intervalNanos = 1e9 / ratePerSec;
        long start = System.nanoTime();
        long n = 0;
        while (!stopped) {
            long due = start + (long) (n * intervalNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            Poison poison = Poison.number(kinds, n++);
            producer.send(new ProducerRecord<>(producer.topicName(poison.topic()),
                    poison.key().getBytes(StandardCharsets.UTF_8), poison.kind().value(poison.topic(), poison.key())));
            synchronized (sent) {
                sent.merge(poison.kind(), 1L, Long::sum);
            }
        }
    }

    /**
     * Stops sending, waits until every record sent is acknowledged or failed, and returns how
     * many of each kind were sent (kinds of the feed that had no turn yet count 0).
     */
    Map<PoisonKind, Long> stop() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join();
        producer.flush();
        Map<PoisonKind, Long> counts = new EnumMap<>(PoisonKind.class);
        kinds.forEach(kind -> counts.put(kind, 0L));
        synchronized (sent) {
            counts.putAll(sent);
        }
        return Collections.unmodifiableMap(counts);
    }
}
