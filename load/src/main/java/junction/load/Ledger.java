package junction.load;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import junction.model.CustomerInventory;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The analytics endpoint's bookkeeping for one run: latest record per customer, the log of event
 * ids received, counters and the latency histogram. Safe for concurrent batches from several
 * event loops; a reset replaces the whole ledger, so a batch is never split between two runs.
 *
 * <p>Two ways to apply a batch, as two kinds of receiver would:
 * <ul>
 *   <li><b>remembering</b> (the default): a record whose {@code eventId} was received before is
 *       dropped as a duplicate; any other one replaces the customer's record, by arrival;
 *   <li><b>forgetful</b>: no event id is consulted; a record is applied only if its
 *       {@code version} is higher than the customer's latest (deletions included), otherwise it is
 *       ignored and still acknowledged, as a last-writer-wins store does (a 4xx would make the
 *       sender dead-letter or retry a record that is merely late, and nothing is wrong with it).
 * </ul>
 * The received-eventId log is kept in both modes for verification only: in forgetful mode it
 * counts duplicates but decides nothing.
 */
final class Ledger {

    /** What one accepted batch did. */
    record Ack(int accepted, int duplicates, int olderIgnored) {
    }

    private final Map<String, CustomerInventory> live;
    /** Forgetful mode: the version of each customer whose latest record is a deletion. */
    private final Map<String, Long> deletedVersions;
    private final Set<String> receivedEventIds;
    private final LongAdder requests = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder olderIgnored = new LongAdder();
    private final AtomicLong newestGeneration = new AtomicLong(-1);
    private final LongAdder olderGenerationRequests = new LongAdder();
    private final AtomicLong firstReceive = new AtomicLong();
    private final AtomicLong lastReceive = new AtomicLong();
    // Auto-resizing, 3 significant digits: latencies range from a millisecond to minutes.
    private final Histogram latency = new ConcurrentHistogram(3);

    Ledger() {
        this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
    }

    private Ledger(Map<String, CustomerInventory> live, Map<String, Long> deletedVersions, Set<String> receivedEventIds) {
        this.live = live;
        this.deletedVersions = deletedVersions;
        this.receivedEventIds = receivedEventIds;
    }

    /**
     * A ledger with this one's records and received event ids but fresh counters and latencies: a
     * measurement window that starts now, over the same view (what a benchmark's later phase needs).
     */
    Ledger withFreshCounters() {
        return new Ledger(live, deletedVersions, receivedEventIds);
    }

    void requestReceived() {
        requests.increment();
    }

    /**
     * Notes the sender's group generation ({@code Junction-Group-Generation}); a request from an
     * older generation than one seen before comes from an instance that was fenced since: a zombie.
     */
    void generation(long generation) {
        if (generation < newestGeneration.accumulateAndGet(generation, Math::max)) {
            olderGenerationRequests.increment();
        }
    }

    void requestRejected() {
        rejected.increment();
    }

    /**
     * Applies a batch in order, remembering or forgetful (see above). Either way a record whose
     * eventId was received before counts as a duplicate.
     */
    Ack apply(List<CustomerInventory> batch, long receivedAt, boolean forgetful) {
        int accepted = 0;
        int dropped = 0;
        int older = 0;
        for (CustomerInventory r : batch) {
            // A record without an eventId cannot be recognised again.
            boolean firstTime = r.eventId() == null || receivedEventIds.add(r.eventId());
            boolean applied = forgetful ? applyIfNewer(r) : firstTime && applyByArrival(r);
            if (!firstTime) {
                dropped++;
            } else if (!applied) {
                older++;
            }
            if (!applied) {
                continue;
            }
            accepted++;
            if (r.deleted()) {
                deletes.increment();
            }
            if (r.sourceTimestamp() > 0) {
                latency.recordValue(Math.max(0, receivedAt - r.sourceTimestamp()));
            }
        }
        records.add(accepted);
        duplicates.add(dropped);
        olderIgnored.add(older);
        firstReceive.accumulateAndGet(receivedAt, (first, t) -> first == 0 ? t : Math.min(first, t));
        lastReceive.accumulateAndGet(receivedAt, Math::max);
        return new Ack(accepted, dropped, older);
    }

    private boolean applyByArrival(CustomerInventory r) {
        if (r.deleted()) {
            live.remove(r.customerId());
        } else {
            live.put(r.customerId(), r);
        }
        return true;
    }

    /** Last-writer-wins on version, atomically per customer (compute holds the key's bin). */
    private boolean applyIfNewer(CustomerInventory r) {
        boolean[] applied = {false};
        live.compute(r.customerId(), (id, current) -> {
            long latest = current != null ? current.version() : deletedVersions.getOrDefault(id, Long.MIN_VALUE);
            if (r.version() <= latest) {
                return current;
            }
            applied[0] = true;
            if (r.deleted()) {
                deletedVersions.put(id, r.version());
                return null;
            }
            deletedVersions.remove(id);
            return r;
        });
        return applied[0];
    }

    /** Every event id received so far, applied or not (verification only). */
    Set<String> receivedEventIds() {
        return Set.copyOf(receivedEventIds);
    }

    /** The received event ids, for streaming without a copy (weakly consistent under writes). */
    Iterable<String> receivedEventIdLog() {
        return receivedEventIds;
    }

    /** The live records, for streaming without a copy (weakly consistent under writes). */
    Iterable<CustomerInventory> liveRecords() {
        return live.values();
    }

    Map<String, CustomerInventory> view() {
        return Map.copyOf(live);
    }

    /** A copy of the latency histogram so far, to measure a later phase against ({@link #latencySince}). */
    Histogram latencySnapshot() {
        return latency.copy();
    }

    /** Percentiles of the latencies recorded after {@code snapshot} was taken; all 0 if none. */
    EndpointStats.Latency latencySince(Histogram snapshot) {
        Histogram since = latency.copy();
        since.subtract(snapshot);
        return EndpointStats.Latency.of(since);
    }

    EndpointStats stats() {
        long first = firstReceive.get();
        long last = lastReceive.get();
        long count = records.sum();
        double perSec = last > first ? count * 1000.0 / (last - first) : 0.0;
        EndpointStats.Latency percentiles = EndpointStats.Latency.of(latency);
        return new EndpointStats(requests.sum(), rejected.sum(), count, duplicates.sum(), deletes.sum(),
                live.size(), percentiles, first, last, perSec, EndpointStats.Faults.NONE, olderIgnored.sum(),
                receivedEventIds.size(), olderGenerationRequests.sum());
    }
}
