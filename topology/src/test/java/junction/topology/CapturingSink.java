package junction.topology;

import java.util.ArrayList;
import java.util.List;
import junction.model.CustomerInventory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/** A stand-in for the analytics sink that keeps what it received, in order. */
final class CapturingSink implements ProcessorSupplier<String, CustomerInventory, Void, Void> {

    private final List<Emitted> received = new ArrayList<>();

    @Override
    public Processor<String, CustomerInventory, Void, Void> get() {
        return (Record<String, CustomerInventory> record) ->
                received.add(new Emitted(record.key(), record.value(), record.timestamp()));
    }

    /** What arrived since the last call. */
    List<Emitted> drain() {
        List<Emitted> drained = List.copyOf(received);
        received.clear();
        return drained;
    }
}
