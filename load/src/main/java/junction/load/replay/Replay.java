package junction.load.replay;

import java.time.Clock;
import java.util.concurrent.locks.LockSupport;
import junction.ingest.InputProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Copies what a {@link TimestampOrderedReader} hands out to the plan's target, keeping keys,
 * values, headers and timestamps, paced by the plan's speed. Record n is due at the first
 * record's send time plus (its timestamp - the first's) / speed, so pacing does not drift with
 * the time sends take. One thread runs a replay; any thread may {@link #stop()} it.
 */
final class Replay {

    private final ReplayPlan plan;
    private final Clock clock;
    private volatile boolean stopped;
    private volatile Thread runner;

    Replay(ReplayPlan plan, Clock clock) {
        this.plan = plan;
        this.clock = clock;
    }

    /** Replays everything the reader holds, flushes the producer and sums up. */
    ReplaySummary run(TimestampOrderedReader reader, InputProducer producer) {
        runner = Thread.currentThread();
        long started = System.nanoTime();
        long failedBefore = producer.failed();
        long records = 0;
        long bytes = 0;
        long firstTimestamp = 0;
        long firstSent = 0;
        long shift = 0;
        ConsumerRecord<byte[], byte[]> record;
        while ((record = reader.next(() -> stopped)) != null) {
            if (records == 0) {
                firstTimestamp = record.timestamp();
                firstSent = System.nanoTime();
                shift = plan.shiftTimestamps() ? clock.millis() - firstTimestamp : 0;
            }
            if (!awaitDue(firstSent + plan.speed().dueNanos(record.timestamp() - firstTimestamp))) {
                break;
            }
            producer.send(copy(record, shift));
            records++;
            bytes += size(record.key()) + size(record.value());
        }
        producer.flush();
        return new ReplaySummary(records, bytes, System.nanoTime() - started,
                producer.failed() - failedBefore, !stopped);
    }

    private ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> record, long shift) {
        // A record without a timestamp (-1, from a very old producer) gets one from the target's producer.
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp() + shift;
        return new ProducerRecord<>(plan.targetOf(record.topic()), null, timestamp, record.key(), record.value(),
                record.headers());
    }

    /** Parks until {@code dueNanos}; false if stopped meanwhile. */
    private boolean awaitDue(long dueNanos) {
        long wait;
        while (!stopped && (wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, wait);
        }
        return !stopped;
    }

    private static int size(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** Ends the replay after the record in hand; what was sent is still flushed. For any thread. */
    void stop() {
        stopped = true;
        Thread running = runner;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }
}
