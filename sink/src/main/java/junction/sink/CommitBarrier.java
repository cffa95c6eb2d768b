package junction.sink;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The commit barrier: a stream thread's Kafka offsets never move past a record whose merged
 * result the endpoint has not acknowledged (or the dead-letter topic does not hold).
 *
 * <p>How it hooks into Kafka Streams' commit (at_least_once, classic group protocol; 4.3.x
 * {@code TaskExecutor.commitOffsetsOrTransaction}): a task's commit flushes the thread's producer,
 * then calls {@code mainConsumer.commitSync(offsets)} with the position after the last record each
 * input partition processed. The main consumer comes from {@link #clients}; its commitSync commits,
 * per partition, the offset of the oldest record still unsettled in the sink instead, when there is
 * one ({@link #clamp}). A record is registered here, with the input partition and offset that
 * produced it, by the sink processor just before it is handed to the sink, and unregistered when
 * the sink settles it. So the committed offset is always the first record a restart must re-read.
 *
 * <p>Why not wait for the sink in the producer's flush (the earlier design): a flush that waits
 * parks the stream thread; a slow endpoint then stalls every commit for as long as the whole
 * unsettled set takes to drain, and an outage longer than {@code max.poll.interval.ms} evicts the
 * member. Clamping never blocks: commits advance as far as acknowledgements allow, at any endpoint
 * speed, and the thread keeps polling through an outage of any length.
 *
 * <p>Two more hooks keep that true. Kafka Streams purges its repartition topics (the foreign-key
 * join's subscription topics) up to the offsets it believes committed, which are the unclamped
 * ones: the admin from {@link #clients} never deletes records past what was really committed
 * ({@link #purgeLimit}). And a task whose records settle after its last commit would not commit
 * again until new input arrives: the sink processor schedules a wall-clock punctuation, which
 * marks the task as needing a commit every commit interval, and while the input is paused (no
 * punctuation runs then) the barrier's consumer commits what settled itself, between polls
 * ({@link #advanced}).
 *
 * <p>Not for exactly_once_v2: there offsets go through the producer's transaction together with
 * the state changes and output records, and committing fewer offsets than the state reflects would
 * break that guarantee; the app refuses the combination.
 */
public final class CommitBarrier {

    private final LongSupplier nanoClock;
    private final Map<TopicPartition, Ledger> ledgers = new ConcurrentHashMap<>();

    public CommitBarrier() {
        this(System::nanoTime);
    }

    CommitBarrier(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * The records of one input partition that are in the sink, unsettled, by offset, and what was
     * last committed for the partition. Every method runs under the ledger's monitor, briefly: the
     * stream thread registers and commits, sink threads settle.
     */
    private final class Ledger {
        /** offset → {unsettled records from it, nanos when the first was registered}. */
        private final TreeMap<Long, long[]> unsettled = new TreeMap<>();
        private int records;
        private long committed = -1;
        /** What Kafka Streams last asked to commit for this partition (its position then), null before. */
        private OffsetAndMetadata lastWanted;
        private boolean heldBack;
        private long lastAdvanceNanos = nanoClock.getAsLong();

        synchronized void register(long offset) {
            long[] entry = unsettled.computeIfAbsent(offset, o -> new long[] {0, nanoClock.getAsLong()});
            entry[0]++;
            records++;
        }

        synchronized void settle(long offset) {
            long[] entry = unsettled.get(offset);
            if (entry == null) {
                return;
            }
            records--;
            if (--entry[0] == 0) {
                unsettled.remove(offset);
            }
        }

        synchronized long clamp(long wanted) {
            Long oldest = unsettled.isEmpty() ? null : unsettled.firstKey();
            return oldest != null && oldest < wanted ? oldest : wanted;
        }

        /** The broker took {@code offset} for this partition, held back from {@code wanted} or not. */
        synchronized void committed(long offset, OffsetAndMetadata wanted) {
            lastWanted = wanted;
            heldBack = offset < wanted.offset();
            if (offset > committed) {
                committed = offset;
                lastAdvanceNanos = nanoClock.getAsLong();
            }
        }

        synchronized long committed() {
            return committed;
        }

        /** The offset settled records allow now, up to what Kafka Streams last asked; null if not beyond the committed one. */
        synchronized OffsetAndMetadata advance() {
            if (lastWanted == null) {
                return null;
            }
            long offset = clamp(lastWanted.offset());
            return offset > committed ? new OffsetAndMetadata(offset, Optional.empty(), lastWanted.metadata()) : null;
        }

        synchronized long stalledNanos(long now) {
            return heldBack ? now - lastAdvanceNanos : 0;
        }

        synchronized long oldestRegisteredNanos() {
            long oldest = Long.MAX_VALUE;
            for (long[] entry : unsettled.values()) {
                oldest = Math.min(oldest, entry[1]);
            }
            return oldest;
        }

        synchronized int records() {
            return records;
        }
    }

    /**
     * Counts one more unsettled record produced by the input record at {@code offset} of
     * {@code origin}; returns the action that settles it, to pass as the sink's onSettled. Running
     * the action again has no effect.
     */
    public Runnable register(TopicPartition origin, long offset) {
        Ledger ledger = ledgers.computeIfAbsent(origin, tp -> new Ledger());
        ledger.register(offset);
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                ledger.settle(offset);
            }
        };
    }

    /**
     * The offsets to commit instead of {@code wanted}: for each partition, the offset of its oldest
     * unsettled record when that is below the wanted one (the leader epoch then dropped, since it
     * belongs to the wanted offset), else the wanted offset.
     */
    Map<TopicPartition, OffsetAndMetadata> clamp(Map<TopicPartition, OffsetAndMetadata> wanted) {
        Map<TopicPartition, OffsetAndMetadata> clamped = new HashMap<>(wanted.size());
        wanted.forEach((tp, want) -> {
            long offset = ledgers.computeIfAbsent(tp, p -> new Ledger()).clamp(want.offset());
            clamped.put(tp, offset == want.offset() ? want
                    : new OffsetAndMetadata(offset, Optional.empty(), want.metadata()));
        });
        return clamped;
    }

    /**
     * Records what the broker accepted: only a commit that succeeded may allow purging up to it
     * (a failed one leaves the partition at its older offset, whose records must stay readable).
     */
    void committed(Map<TopicPartition, OffsetAndMetadata> clamped, Map<TopicPartition, OffsetAndMetadata> wanted) {
        clamped.forEach((tp, offset) -> ledgers.computeIfAbsent(tp, p -> new Ledger())
                .committed(offset.offset(), wanted.get(tp)));
    }

    /**
     * For the partitions assigned now, the offsets that records settled since the last commit
     * allow, up to the position Kafka Streams last asked to commit. Kafka Streams commits a task
     * only when it processed something since, so while its input is paused (the endpoint down, the
     * sink full) nothing would commit what the sink delivers meanwhile; the barrier's consumer
     * commits these itself, between polls.
     */
    Map<TopicPartition, OffsetAndMetadata> advanced(Set<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> advanced = new HashMap<>();
        for (TopicPartition tp : assigned) {
            Ledger ledger = ledgers.get(tp);
            OffsetAndMetadata next = ledger == null ? null : ledger.advance();
            if (next != null) {
                advanced.put(tp, next);
            }
        }
        return advanced;
    }

    /** What Kafka Streams last asked to commit for these partitions, to record a commit of {@link #advanced}. */
    Map<TopicPartition, OffsetAndMetadata> lastWanted(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> wanted = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Ledger ledger = ledgers.get(tp);
            synchronized (ledger) {
                wanted.put(tp, ledger.lastWanted);
            }
        }
        return wanted;
    }

    /**
     * The records Kafka Streams asks to purge from its repartition topics, each limited to the
     * offset this barrier really committed; a partition it has not committed is left alone.
     */
    Map<TopicPartition, RecordsToDelete> purgeLimit(Map<TopicPartition, RecordsToDelete> requested) {
        Map<TopicPartition, RecordsToDelete> limited = new HashMap<>();
        requested.forEach((tp, request) -> {
            Ledger ledger = ledgers.get(tp);
            long committed = ledger == null ? -1 : ledger.committed();
            if (committed >= 0) {
                limited.put(tp, RecordsToDelete.beforeOffset(Math.min(committed, request.beforeOffset())));
            }
        });
        return limited;
    }

    /**
     * Waits at most {@code limit} until none of {@code partitions} has an unsettled record; true
     * when none has. Called on the stream thread when partitions are revoked, so that the commit
     * that hands them over covers what the sink is about to deliver and the next owner does not
     * send it again; bounded, because a rebalance must not wait for a slow endpoint.
     */
    boolean awaitSettled(Collection<TopicPartition> partitions, Duration limit) {
        long deadline = nanoClock.getAsLong() + limit.toNanos();
        while (true) {
            boolean settled = partitions.stream().map(ledgers::get).allMatch(ledger -> ledger == null || ledger.records() == 0);
            if (settled) {
                return true;
            }
            if (nanoClock.getAsLong() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(SETTLE_POLL_NANOS);
        }
    }

    private static final long SETTLE_POLL_NANOS = Duration.ofMillis(10).toNanos();

    /**
     * Kafka Streams' clients with this barrier in the main consumer's commits and the admin's
     * purges; {@code sink} hears of the group generation and of lost partitions.
     */
    public KafkaClientSupplier clients(KafkaClientSupplier delegate, AnalyticsSink sink) {
        return new BarrierClientSupplier(delegate, this, sink);
    }

    /** Records handed to the sink and not yet settled, over all partitions. */
    public int unsettled() {
        return ledgers.values().stream().mapToInt(Ledger::records).sum();
    }

    /**
     * How long the longest-held partition's commits have been held back without advancing, in
     * seconds; 0 when no commit is held back. Grows during a stall, stays small while a slow
     * endpoint still lets commits creep forward.
     */
    public double commitStalledSeconds() {
        long now = nanoClock.getAsLong();
        long max = 0;
        for (Ledger ledger : ledgers.values()) {
            max = Math.max(max, ledger.stalledNanos(now));
        }
        return max / 1e9;
    }

    /** Age of the oldest record processed but not yet settled (so not committable), in seconds; 0 when none. */
    public double oldestUnsettledSeconds() {
        long oldest = Long.MAX_VALUE;
        for (Ledger ledger : ledgers.values()) {
            oldest = Math.min(oldest, ledger.oldestRegisteredNanos());
        }
        return oldest == Long.MAX_VALUE ? 0 : (nanoClock.getAsLong() - oldest) / 1e9;
    }
}
