package junction.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import junction.metrics.MeterNames;
import junction.metrics.PipelineStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import junction.model.CustomerInventory;
import junction.model.Topics;
import junction.sink.AnalyticsSink;
import junction.sink.DeliveryBarrier;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkClientSupplier;
import junction.sink.SinkProcessor;
import junction.sink.SinkRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream app: the join topology, the HTTP sink behind it, and their lifecycle.
 *
 * <p>Delivery guarantee: the stream threads' producers come from {@link SinkClientSupplier}, whose
 * {@code flush()} — which Kafka Streams calls before it commits a task's offsets — also waits for
 * the sink to settle (acknowledge or dead-letter) every record the thread handed it. So offsets
 * never pass a record the endpoint has not acknowledged. On close, Kafka Streams goes first: its
 * last commit drains the sink through that same barrier; the sink is closed after.
 */
public final class StreamApp implements PipelineStatus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamApp.class);

    private final AppConfig config;
    private final Topology topology;
    private final KafkaStreams streams;
    private final StreamsState state = new StreamsState();
    private final AnalyticsSink sink;
    private final KafkaDeadLetters deadLetters;
    private final Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    public StreamApp(AppConfig config, MeterRegistry registry) {
        this.config = config;
        Properties props = config.streamsProperties();
        DeliveryBarrier barrier = new DeliveryBarrier();
        if (config.sinkEnabled()) {
            deadLetters = new KafkaDeadLetters(ClientProperties.of(props, ProducerConfig.configNames()), config.deadLetterTopic());
            sink = new AnalyticsSink(config.sink(), deadLetters, registry);
        } else {
            deadLetters = null;
            sink = null;
        }
        Counter joined = Counter.builder(MeterNames.RECORDS_JOINED)
                .description("Merged records emitted by the customer/inventory join")
                .register(registry);
        // Kafka Streams makes its exception handlers from class names: they find the counters here.
        props.put(TopologyDeadLetters.CONFIG, new TopologyDeadLetters(registry));
        topology = CustomerInventoryTopology.build(new TopologyOptions(
                config.customersTopic(), config.inventoryTopic(), config.outputTopic(),
                sink == null ? null : SinkProcessor.supplier(sink, barrier, StreamApp::toSinkRecord),
                joined::increment, config.maxRecordBytes()));
        streams = new KafkaStreams(topology, props, sink == null
                ? new SinkClientSupplier(barrier, config.sink().settleTimeout())
                : new SinkClientSupplier(barrier, sink));
        streams.setStateListener(state);
        if (sink != null) {
            // During an endpoint outage, stop polling rather than piling records into a sink that
            // cannot drain: lag grows in Kafka, the group stays stable, and processing resumes by
            // itself once requests succeed again.
            sink.onStateChange(s -> {
                if (s == junction.sink.SinkState.PAUSED) {
                    log.warn("analytics endpoint unreachable: pausing processing until it answers again");
                    streams.pause();
                } else if (streams.isPaused()) {
                    log.info("analytics endpoint answers again ({}): resuming processing", s);
                    streams.resume();
                }
            });
        }
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; stopping the app (uncommitted records are re-read on restart)", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        admin = Admin.create(ClientProperties.of(props, AdminClientConfig.configNames()));
    }

    /** One merged record as the endpoint receives it: its JSON, laned by customer. */
    static SinkRecord toSinkRecord(Record<String, CustomerInventory> record) {
        CustomerInventory value = record.value();
        byte[] body = Topics.CUSTOMER_INVENTORY.valueSerde().serializer().serialize(null, value);
        return new SinkRecord(record.key(), value.eventId(), body, value.sourceTimestamp());
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The Kafka Streams instance, for binders that observe it; its lifecycle stays with this app. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    @Override
    public SinkState sinkState() {
        if (sink == null) {
            return SinkState.OK;
        }
        return switch (sink.state()) {
            case OK -> SinkState.OK;
            case DEGRADED -> SinkState.DEGRADED;
            case PAUSED -> SinkState.PAUSED;
        };
    }

    @Override
    public Instant lastDelivery() {
        return sink == null ? null : sink.lastDelivery();
    }

    /** Waits until the app is RUNNING; fails at once if it stopped instead. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        state.awaitRunning(timeout);
    }

    /** Blocks until the app has stopped (closed, or failed); returns its final state. */
    public KafkaStreams.State awaitStopped() throws InterruptedException {
        return state.awaitStopped();
    }

    public Topology topology() {
        return topology;
    }

    public AppConfig config() {
        return config;
    }

    /**
     * Records not yet committed by this application across every topic it consumes, inputs and
     * the join's internal topics. Offsets commit only after the sink settled the records, so zero
     * means everything produced so far reached the endpoint or the dead-letter topic.
     */
    public long committedLag() {
        return Offsets.committedLag(admin, config.applicationId(), consumedTopics());
    }

    /** Input topics by name; the join's internal topics by their application-prefixed names. */
    private Set<String> consumedTopics() {
        Set<String> inputs = Set.of(config.customersTopic(), config.inventoryTopic());
        Set<String> topics = new HashSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String t : source.topicSet()) {
                        topics.add(inputs.contains(t) ? t : config.applicationId() + "-" + t);
                    }
                }
            }
        }
        return topics;
    }

    /** Records written to a topic so far (the sum of its partitions' end offsets). */
    public long recordsIn(String topic) {
        return Offsets.endOffsetSum(admin, topic);
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /** Stops taking records, lets the last commit wait for the sink, then releases everything. */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Leaving the group hands this instance's partitions to the others at once; staying would
        // leave them unprocessed until the group's session timeout (45 s by default) runs out.
        if (!streams.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("Kafka Streams did not stop within {}; uncommitted records will be re-delivered after a restart", timeout);
        }
        if (sink != null) {
            sink.close(timeout);
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
