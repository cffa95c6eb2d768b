package junction.topology;

import java.util.Properties;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.IdField;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The one Kafka Streams topology of junction: customers and inventory as tables, each customer
 * left-joined to the item its sku points at, the result stamped for delivery and written to the
 * output topic (a compacted changelog: a deleted customer is a tombstone there) and, when a sink
 * is given, handed to it (a deleted customer as a deletion record).
 *
 * <p>Every processor, store and internal topic is named: the names of stores and internal topics
 * are part of the deployed state, and renaming one orphans it.
 */
public final class CustomerInventoryTopology {

    public static final String CUSTOMERS_STORE = "customers-store";
    public static final String INVENTORY_STORE = "inventory-store";
    public static final String JOIN_STORE = "customer-inventory-store";
    /** Base name of the join's internal topics, store and processors. */
    public static final String JOIN_NAME = "customer-inventory-join";
    public static final String SINK_NAME = "analytics-sink";
    /** Each customer's latest version (see {@link DeliveryStamper}); logged, so it moves with its task. */
    public static final String VERSION_STORE = "customer-version-store";

    private CustomerInventoryTopology() {
    }

    public static Topology build(TopologyOptions options) {
        StreamsBuilder builder = namingEnforcingBuilder();

        KTable<String, Customer> customers = table(builder, options.customersTopic(), "customers",
                Topics.CUSTOMERS, Customer.ID, CUSTOMERS_STORE, options);
        KTable<String, InventoryItem> inventory = table(builder, options.inventoryTopic(), "inventory",
                Topics.INVENTORY, InventoryItem.ID, INVENTORY_STORE, options);

        // Kafka Streams' naming rule counts the join result's store even when it would not be
        // built, so the result must be named, and a named result is materialized. Nothing reads that
        // table (the output topic is the result's compacted changelog; there are no interactive
        // queries), so by default it is a store that keeps nothing (DiscardingStore): no RocksDB read
        // and write per merged record, no copy of every merged record on disk. The baseline profile
        // keeps it in RocksDB, as before. Either way: no changelog and no cache (a cache holds
        // results back until the next commit, latency the endpoint measures, and saves little: an
        // inventory change fans out to distinct customer keys, which a per-key cache cannot merge).
        Materialized<String, CustomerInventory, KeyValueStore<Bytes, byte[]>> joinResult =
                (options.keepJoinResult()
                        ? Materialized.<String, CustomerInventory, KeyValueStore<Bytes, byte[]>>as(JOIN_STORE)
                        : Materialized.<String, CustomerInventory>as(DiscardingStore.supplier(JOIN_STORE)))
                        .withValueSerde(Topics.CUSTOMER_INVENTORY.valueSerde())
                        .withLoggingDisabled()
                        .withCachingDisabled();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERSION_STORE),
                Serdes.String(), Serdes.Long()));
        KStream<String, CustomerInventory> stamped = customers
                .leftJoin(inventory, Customer::sku, new CustomerInventoryJoiner(), TableJoined.as(JOIN_NAME), joinResult)
                .toStream(Named.as("customer-inventory-changes"))
                .processValues(() -> new DeliveryStamper(options.onJoined(), options.clockMillis(), options.groupGeneration()),
                        Named.as("stamp-delivery"), VERSION_STORE);

        stamped.mapValues(merged -> merged.deleted() ? null : merged, Named.as("deletion-to-tombstone"))
                .to(options.outputTopic(), Produced.with(Topics.CUSTOMER_INVENTORY.keySerde(),
                        Topics.CUSTOMER_INVENTORY.valueSerde()).withName("customer-inventory-output"));
        if (options.sink() != null) {
            stamped.process(options.sink(), Named.as(SINK_NAME));
        }
        return builder.build();
    }

    /**
     * An input topic as a table, refusing bad records on the way in. The sources' serdes refuse
     * what one key or one value shows ({@link SourceSerdes}); {@link IdMatchesKey} refuses a value
     * filed under another id's key, the one check that needs both. Both refusals reach the
     * dead-letter topic through the exception handlers. The check sits between a stream source and
     * {@code toTable}, which keeps the source node, the table processor, the store and its
     * changelog under the names they had when the table was read with {@code builder.table}.
     */
    private static <V> KTable<String, V> table(StreamsBuilder builder, String topicName, String name,
            Topic<String, V> model, IdField<V> id, String store, TopologyOptions options) {
        Consumed<String, V> source = Consumed.with(SourceSerdes.keys(), SourceSerdes.values(model.valueSerde(), options.maxRecordBytes()))
                .withName(name + "-table-source");
        // The store reads with the plain serdes: what it holds was checked on the way in. No record
        // cache by default: a cache forwards a table's changes only at the next commit, which puts up
        // to a commit interval on every record's end-to-end latency, and it merges little in steady
        // operation (updates of one key rarely meet within a commit interval). It pays off when they
        // do, as in a replay of topics with many versions per key: --record-cache-bytes.
        Materialized<String, V, KeyValueStore<Bytes, byte[]>> table = Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                .withKeySerde(model.keySerde())
                .withValueSerde(model.valueSerde());
        table = options.inputTablesCached() ? table.withCachingEnabled() : table.withCachingDisabled();
        return builder.stream(topicName, source)
                .processValues(() -> new IdMatchesKey<>(id), Named.as(name + "-id-check"))
                .toTable(Named.as(name + "-table"), table);
    }

    /**
     * Settings every run of the topology needs, whatever the environment: merge them into the
     * app's configuration. Default serdes are left unset on purpose: every serde is explicit, so a
     * forgotten one fails at once instead of falling back to a wrong default.
     */
    public static Properties streamsDefaults() {
        Properties props = new Properties();
        props.setProperty(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // A record that cannot be read or is refused is logged, copied to the DLQ with the reason in
        // its headers (KIP-1034), counted, and skipped: one poison record must not stop its table.
        props.setProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.name());
        props.setProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingDeserializationHandler.class.getName());
        // A value whose id is not its key is refused the same way; any other processing error is
        // not bad input, and stops the app as Kafka Streams' default handler would.
        props.setProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingProcessingHandler.class.getName());
        // Kafka 5.0 makes this the default; choosing it now keeps behaviour the same across that
        // upgrade (the topology has no global table today) and stops a warning at every start.
        props.setProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        return props;
    }

    /**
     * A builder that refuses an unnamed store or internal topic. Kafka Streams checks the naming
     * rule when the topology is built, against the builder's own config, so setting it in the app's
     * config alone would never check anything. The StreamsConfig behind it insists on an
     * application id and bootstrap servers; their values here are never used, because KafkaStreams
     * (and TopologyTestDriver) replace this config with the app's own when they start.
     */
    static StreamsBuilder namingEnforcingBuilder() {
        Properties props = streamsDefaults();
        props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "junction-topology-build");
        props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new StreamsBuilder(new TopologyConfig(null, new StreamsConfig(props), new Properties()));
    }
}
