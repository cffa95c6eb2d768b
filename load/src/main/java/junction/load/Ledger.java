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
 * The analytics endpoint's bookkeeping for one run: latest record per customer by arrival, the
 * event ids seen, counters and the latency histogram. Safe for concurrent batches from several
 * event loops without locks; a reset replaces the whole ledger, so a batch is never split
 * between two runs.
 */
final class Ledger {

    /** What one accepted batch did. */
    record Ack(int accepted, int duplicates) {
    }

    private final Map<String, CustomerInventory> live;
    private final Set<String> seenEventIds;
    private final LongAdder requests = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final AtomicLong firstReceive = new AtomicLong();
    private final AtomicLong lastReceive = new AtomicLong();
    // Auto-resizing, 3 significant digits: latencies range from a millisecond to minutes.
    private final Histogram latency = new ConcurrentHistogram(3);

    Ledger() {
        this(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
    }

    private Ledger(Map<String, CustomerInventory> live, Set<String> seenEventIds) {
        this.live = live;
        this.seenEventIds = seenEventIds;
    }

    /**
     * A ledger with this one's records and seen event ids but fresh counters and latencies: a
     * measurement window that starts now, over the same view (what a benchmark's later phase needs).
     */
    Ledger withFreshCounters() {
        return new Ledger(live, seenEventIds);
    }

    void requestReceived() {
        requests.increment();
    }

    void requestRejected() {
        rejected.increment();
    }

    /** Applies a batch in order; records whose eventId was seen before are dropped and counted. */
    Ack apply(List<CustomerInventory> batch, long receivedAt) {
        int accepted = 0;
        int dropped = 0;
        for (CustomerInventory r : batch) {
            // A record without an eventId cannot be recognised again, so it is always applied.
            if (r.eventId() != null && !seenEventIds.add(r.eventId())) {
                dropped++;
                continue;
            }
            accepted++;
            if (r.deleted()) {
                live.remove(r.customerId());
                deletes.increment();
            } else {
                live.put(r.customerId(), r);
            }
            if (r.sourceTimestamp() > 0) {
                latency.recordValue(Math.max(0, receivedAt - r.sourceTimestamp()));
            }
        }
        records.add(accepted);
        duplicates.add(dropped);
        firstReceive.accumulateAndGet(receivedAt, (first, t) -> first == 0 ? t : Math.min(first, t));
        lastReceive.accumulateAndGet(receivedAt, Math::max);
        return new Ack(accepted, dropped);
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
        return since.getTotalCount() == 0 ? new EndpointStats.Latency(0, 0, 0, 0) : percentiles(since);
    }

    private static EndpointStats.Latency percentiles(Histogram histogram) {
        return new EndpointStats.Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(95),
                histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }

    EndpointStats stats() {
        long first = firstReceive.get();
        long last = lastReceive.get();
        long count = records.sum();
        double perSec = last > first ? count * 1000.0 / (last - first) : 0.0;
        EndpointStats.Latency percentiles = percentiles(latency);
        return new EndpointStats(requests.sum(), rejected.sum(), count, duplicates.sum(), deletes.sum(),
                live.size(), percentiles, first, last, perSec);
    }
}
