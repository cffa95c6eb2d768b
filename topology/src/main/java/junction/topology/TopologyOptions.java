package junction.topology;

import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import junction.model.CustomerInventory;
import junction.model.Topics;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * What {@link CustomerInventoryTopology#build} wires: the three topic names and the processor that
 * delivers the merged records, or none ({@code sink == null}) for a bare join that only writes the
 * output topic, as benchmarks of the join alone need.
 *
 * @param onJoined called once per merged record the join emits (the app counts them as a metric)
 * @param maxRecordBytes the largest input value accepted; a larger one is dead-lettered as
 *              oversized. The default keeps a merged record (a customer and an item) well under
 *              the producer's default request limit of 1 MiB, so no accepted input can make an
 *              output record too large to write.
 * @param clockMillis the wall clock, in milliseconds since the epoch, of the records' versions
 *              (see {@link DeliveryStamper}); tests give their own
 * @param groupGeneration the consumer-group generation this instance's stream threads are in, the
 *              high part of every version (see {@link DeliveryStamper}); below 0 while unknown
 *              (a bare join, which has no commit barrier to report it), counted as 0
 * @param keepJoinResult whether the join's result table is kept in RocksDB, as Kafka Streams does
 *              by default (the baseline profile), or in a {@link DiscardingStore}: nothing reads it
 * @param inputTablesCached whether the two input tables have Kafka Streams' record cache
 *              ({@code --record-cache-bytes} above 0): changes of one key within a commit interval
 *              merge, and each table passes its changes on at the next commit
 */
public record TopologyOptions(
        String customersTopic,
        String inventoryTopic,
        String outputTopic,
        ProcessorSupplier<String, CustomerInventory, Void, Void> sink,
        Runnable onJoined,
        int maxRecordBytes,
        LongSupplier clockMillis,
        IntSupplier groupGeneration,
        boolean keepJoinResult,
        boolean inputTablesCached) {

    /** The system clock in milliseconds. */
    public static final LongSupplier SYSTEM_CLOCK_MILLIS = System::currentTimeMillis;

    /** 256 KiB: about a thousand times a typical customer or item. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

    public TopologyOptions {
        Objects.requireNonNull(customersTopic, "customersTopic");
        Objects.requireNonNull(inventoryTopic, "inventoryTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        onJoined = onJoined == null ? () -> { } : onJoined;
        clockMillis = clockMillis == null ? SYSTEM_CLOCK_MILLIS : clockMillis;
        groupGeneration = groupGeneration == null ? () -> -1 : groupGeneration;
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1, was " + maxRecordBytes);
        }
    }

    public TopologyOptions(String customersTopic, String inventoryTopic, String outputTopic,
                           ProcessorSupplier<String, CustomerInventory, Void, Void> sink) {
        this(customersTopic, inventoryTopic, outputTopic, sink, null, DEFAULT_MAX_RECORD_BYTES);
    }

    /** On the system clock. */
    public TopologyOptions(String customersTopic, String inventoryTopic, String outputTopic,
                           ProcessorSupplier<String, CustomerInventory, Void, Void> sink, Runnable onJoined,
                           int maxRecordBytes) {
        this(customersTopic, inventoryTopic, outputTopic, sink, onJoined, maxRecordBytes, null, null, false, false);
    }

    /** The default topic names and no sink. */
    public static TopologyOptions defaults() {
        return new TopologyOptions(Topics.CUSTOMERS.name(), Topics.INVENTORY.name(),
                Topics.CUSTOMER_INVENTORY.name(), null);
    }

    public TopologyOptions withSink(ProcessorSupplier<String, CustomerInventory, Void, Void> sink) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined, maxRecordBytes,
                clockMillis, groupGeneration, keepJoinResult, inputTablesCached);
    }

    public TopologyOptions withMaxRecordBytes(int bytes) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined, bytes, clockMillis,
                groupGeneration, keepJoinResult, inputTablesCached);
    }

    public TopologyOptions withClockMillis(LongSupplier clock) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined, maxRecordBytes, clock,
                groupGeneration, keepJoinResult, inputTablesCached);
    }

    public TopologyOptions withJoinResultKept(boolean kept) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined, maxRecordBytes,
                clockMillis, groupGeneration, kept, inputTablesCached);
    }

    public TopologyOptions withGroupGeneration(IntSupplier generation) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined, maxRecordBytes,
                clockMillis, generation, keepJoinResult, inputTablesCached);
    }

    public TopologyOptions withInputTablesCached(boolean cached) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined, maxRecordBytes,
                clockMillis, groupGeneration, keepJoinResult, cached);
    }
}
