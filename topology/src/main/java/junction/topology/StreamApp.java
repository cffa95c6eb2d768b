package junction.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import junction.metrics.MeterNames;
import junction.metrics.PipelineStatus;
import junction.model.CustomerInventory;
import junction.model.Topics;
import junction.sink.AnalyticsSink;
import junction.sink.CommitBarrier;
import junction.sink.KafkaDeadLetters;
import junction.sink.SinkProcessor;
import junction.sink.SinkRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * The stream app: the join topology, the HTTP sink behind it, and their lifecycle.
 *
 * <p>Delivery guarantee: the stream threads' main consumers come from the {@link CommitBarrier},
 * which commits each input partition only up to its oldest record the sink has not settled
 * (acknowledged or dead-lettered). So offsets never pass a record the endpoint has not
 * acknowledged, and no commit ever waits for the endpoint. On close, Kafka Streams goes first, then
 * the sink drains; a record that settles after Kafka Streams' last commit is simply re-read (and
 * re-sent with the same eventId) by the next owner of its partition.
 *
 * <p>Input gate: processing is paused (without leaving the group: the stream threads keep polling
 * and committing) while the endpoint as a whole is down or the sink holds more than it delivers in
 * {@code --sink-max-unsettled-time}, and resumed when both clear.
 */
public final class StreamApp implements PipelineStatus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamApp.class);
    /** {@link ThreadMetadata#threadState()} of a stream thread processing its tasks. */
    private static final String RUNNING_THREAD = "RUNNING";

    /**
     * MDC key under which this app's delivery reports carry its application id. They are logged
     * from Reactor's shared threads, so in a JVM that runs several apps (the integration tests,
     * a service embedding junction) the key is what tells whose report a line is; the stream
     * threads carry the id in their names already.
     */
    public static final String LOG_APPLICATION_ID = "application.id";

    private final AppConfig config;
    private final Topology topology;
    private final KafkaStreams streams;
    private final StreamsState state = new StreamsState();
    private final AnalyticsSink sink;
    private final KafkaDeadLetters deadLetters;
    private final Admin admin;
    private final CommitBarrier barrier = new CommitBarrier();
    private final InputGate inputGate;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Disposable committedLagSampler;
    private volatile long committedLag = -1;

    public StreamApp(AppConfig config, MeterRegistry registry) {
        this.config = config;
        Properties props = config.streamsProperties();
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
                sink == null ? null : SinkProcessor.supplier(sink, barrier, StreamApp::toSinkRecord, config.commitInterval()),
                joined::increment, config.maxRecordBytes())
                .withJoinResultKept(config.tuning() == StreamsTuning.BASELINE)
                .withInputTablesCached(config.recordCacheBytes() > 0)
                .withGroupGeneration(sink == null ? () -> -1 : sink.groupGeneration()::current));
        streams = sink == null
                ? new KafkaStreams(topology, props)
                : new KafkaStreams(topology, props, barrier.clients(new DefaultKafkaClientSupplier(), sink));
        streams.setStateListener(state);
        inputGate = new InputGate(streams, registry);
        if (sink != null) {
            // During an endpoint outage, or while the sink holds more than it can deliver soon, stop
            // processing rather than piling records into it: lag grows in Kafka, the group stays
            // stable (the threads keep polling), and processing resumes by itself.
            sink.onStateChange(s -> withApplicationIdLogged(() -> {
                if (s == junction.sink.SinkState.PAUSED) {
                    log.warn("analytics endpoint {}{}: pausing processing until it answers again ({} records held, {} s since the last commit advance)",
                            sink.problem().tag, sink.problemStatus() == 0 ? "" : " (HTTP " + sink.problemStatus() + ")",
                            sink.unsettled(), Math.round(barrier.commitStalledSeconds()));
                    inputGate.hold(InputGate.Cause.ENDPOINT);
                } else {
                    inputGate.release(InputGate.Cause.ENDPOINT);
                }
            }));
            sink.onPressureChange(full -> {
                if (full) {
                    inputGate.hold(InputGate.Cause.SINK_FULL);
                } else {
                    inputGate.release(InputGate.Cause.SINK_FULL);
                }
            });
            Gauge.builder(MeterNames.COMMIT_STALLED, barrier, CommitBarrier::commitStalledSeconds)
                    .description("How long the longest-held input partition's committed offset has not advanced while records wait for the endpoint")
                    .baseUnit(MeterNames.UNIT_SECONDS)
                    .register(registry);
            Gauge.builder(MeterNames.COMMIT_LAG_SECONDS, barrier, CommitBarrier::oldestUnsettledSeconds)
                    .description("Age of the oldest record processed but not yet acknowledged, so not yet committed")
                    .baseUnit(MeterNames.UNIT_SECONDS)
                    .register(registry);
        }
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; stopping the app (uncommitted records are re-read on restart)", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        admin = Admin.create(ClientProperties.of(props, AdminClientConfig.configNames()));
        // The committed lag needs two admin round trips: sampled in the background, read by scrapes.
        committedLagSampler = Schedulers.boundedElastic().schedulePeriodically(() -> withApplicationIdLogged(this::sampleCommittedLag),
                COMMITTED_LAG_SAMPLE.toMillis(), COMMITTED_LAG_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
        Gauge.builder(MeterNames.COMMITTED_LAG_RECORDS, this, app -> app.committedLag < 0 ? Double.NaN : app.committedLag)
                .description("Records of the consumed topics not yet committed (end offsets minus committed offsets), sampled every 5 s")
                .baseUnit(MeterNames.UNIT_RECORDS)
                .register(registry);
    }

    private static final Duration COMMITTED_LAG_SAMPLE = Duration.ofSeconds(5);
    /** Time kept for Kafka Streams' own close (last commit, leaving the group) out of the shutdown timeout. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private void withApplicationIdLogged(Runnable task) {
        try (MDC.MDCCloseable id = MDC.putCloseable(LOG_APPLICATION_ID, config.applicationId())) {
            task.run();
        }
    }

    private void sampleCommittedLag() {
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            return;
        }
        try {
            committedLag = committedLag();
        } catch (RuntimeException e) {
            log.debug("cannot sample the committed lag: {}", e.toString());
        }
        reportTrouble();
    }

    /** How long a delivery problem may last before it is logged again, with the numbers. */
    private static final Duration TROUBLE_REPORT = Duration.ofSeconds(30);
    private long lastTroubleReport;

    /**
     * While the endpoint has a problem or a commit is held back, one WARN line every
     * {@link #TROUBLE_REPORT} with what an operator needs to judge it: nothing stalls silently.
     */
    private void reportTrouble() {
        if (sink == null) {
            return;
        }
        double stalled = barrier.commitStalledSeconds();
        boolean trouble = sink.problem() != junction.sink.EndpointProblem.NONE || stalled >= TROUBLE_REPORT.toSeconds();
        long now = System.nanoTime();
        if (!trouble || now - lastTroubleReport < TROUBLE_REPORT.toNanos()) {
            return;
        }
        lastTroubleReport = now;
        log.warn("delivery: endpoint {}{} (state {}, p99 response {} s vs response timeout {} s, batch limit {}),"
                        + " {} records unsettled, oldest {} s; commits held back {} s; committed lag {}; input held by {}",
                sink.problem().tag, sink.problemStatus() == 0 ? "" : " HTTP " + sink.problemStatus(), sink.state(),
                round(sink.recentResponseP99Seconds()), config.sink().responseTimeout().toSeconds(), sink.batchLimit(),
                sink.unsettled(), round(barrier.oldestUnsettledSeconds()), round(stalled),
                committedLag < 0 ? "unknown" : committedLag,
                inputGate.causes().isEmpty() ? "nothing" : inputGate.causes().stream().map(c -> c.tag).toList());
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
    public StreamThreads streamThreads() {
        try {
            Set<ThreadMetadata> threads = streams.metadataForLocalThreads();
            int running = (int) threads.stream().filter(t -> RUNNING_THREAD.equals(t.threadState())).count();
            return new StreamThreads(running, threads.size());
        } catch (IllegalStateException e) {
            // Kafka Streams answers only while RUNNING or REBALANCING: before start, after close, on error.
            return new StreamThreads(0, 0);
        }
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

    @Override
    public Map<String, Object> delivery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (sink != null) {
            doc.put("endpointProblem", sink.problem().tag);
            if (sink.problemStatus() != 0 && sink.problem() != junction.sink.EndpointProblem.NONE) {
                doc.put("endpointStatus", sink.problemStatus());
            }
            doc.put("pausedSeconds", round(sink.pausedSeconds()));
            doc.put("unsettledRecords", sink.unsettled());
            doc.put("deliveryRate", Double.isNaN(sink.deliveryRate()) ? null : Math.round(sink.deliveryRate()));
            doc.put("commitStalledSeconds", round(barrier.commitStalledSeconds()));
            doc.put("commitLagSeconds", round(barrier.oldestUnsettledSeconds()));
        }
        doc.put("inputHeldBy", inputGate.causes().stream().map(c -> c.tag).toList());
        doc.put("committedLagRecords", committedLag < 0 ? null : committedLag);
        return doc;
    }

    @Override
    public double commitStalledSeconds() {
        return sink == null ? 0 : barrier.commitStalledSeconds();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
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
        return GroupLag.committedLag(admin, config.applicationId(), consumedTopics());
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
        return GroupLag.endOffsetSum(admin, topic);
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /**
     * Stops taking records, lets the sink deliver what it holds (so the last commit covers it and
     * the next owner re-sends nothing), commits, leaves the group and releases everything, within
     * about {@code timeout}.
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (sink != null && (streams.state() == KafkaStreams.State.RUNNING || streams.state() == KafkaStreams.State.REBALANCING)) {
            inputGate.hold(InputGate.Cause.SHUTDOWN);
            // Most of the time to the sink; Kafka Streams' own close needs a few seconds at least.
            Duration forSink = timeout.minus(CLOSE_MARGIN).isNegative() ? Duration.ZERO : timeout.minus(CLOSE_MARGIN);
            if (!sink.drain(forSink)) {
                log.warn("stopping with {} records unsettled after {}: their offsets stay uncommitted and they will be re-sent",
                        sink.unsettled(), forSink);
            }
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), CLOSE_MARGIN.toNanos()));
        // Leaving the group hands this instance's partitions to the others at once; staying would
        // leave them unprocessed until the group's session timeout (45 s by default) runs out.
        if (!streams.close(CloseOptions.timeout(left)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("Kafka Streams did not stop within {}; uncommitted records will be re-delivered after a restart", timeout);
        }
        committedLagSampler.dispose();
        if (sink != null) {
            sink.close(Duration.ofNanos(Math.max(deadline - System.nanoTime(), CLOSE_MARGIN.toNanos())));
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
