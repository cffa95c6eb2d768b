package junction.topology;

import java.util.Objects;
import junction.model.CustomerInventory;
import junction.model.Topics;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * What {@link CustomerInventoryTopology#build} wires: the three topic names and the processor that
 * delivers the merged records, or none ({@code sink == null}) for a bare join that only writes the
 * output topic, as benchmarks of the join alone need.
 *
 * @param onJoined called once per merged record the join emits (the app counts them as a metric)
 */
public record TopologyOptions(
        String customersTopic,
        String inventoryTopic,
        String outputTopic,
        ProcessorSupplier<String, CustomerInventory, Void, Void> sink,
        Runnable onJoined) {

    public TopologyOptions {
        Objects.requireNonNull(customersTopic, "customersTopic");
        Objects.requireNonNull(inventoryTopic, "inventoryTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        onJoined = onJoined == null ? () -> { } : onJoined;
    }

    public TopologyOptions(String customersTopic, String inventoryTopic, String outputTopic,
                           ProcessorSupplier<String, CustomerInventory, Void, Void> sink) {
        this(customersTopic, inventoryTopic, outputTopic, sink, null);
    }

    /** The default topic names and no sink. */
    public static TopologyOptions defaults() {
        return new TopologyOptions(Topics.CUSTOMERS.name(), Topics.INVENTORY.name(),
                Topics.CUSTOMER_INVENTORY.name(), null);
    }

    public TopologyOptions withSink(ProcessorSupplier<String, CustomerInventory, Void, Void> sink) {
        return new TopologyOptions(customersTopic, inventoryTopic, outputTopic, sink, onJoined);
    }
}
