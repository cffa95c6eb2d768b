package junction.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import junction.app.topics.DeadLetterTopic;
import junction.ingest.Generator;
import junction.ingest.IngestJob;
import junction.ingest.InputProducer;
import junction.metrics.JunctionRegistry;
import junction.metrics.OpsServer;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.topology.AppConfig;
import junction.topology.AppMonitor;
import junction.topology.StreamApp;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole product in one process: a real broker, the analytics endpoint, the stream app and the
 * generator, wired as a user would wire them by hand. The demo runs it, and so does the
 * end-to-end test, so both check the same path.
 */
public final class Pipeline implements AutoCloseable {

    /**
     * How big a run is, how the app is configured and what faults the endpoint injects; broker and
     * endpoint are always local.
     */
    public record Options(long seed, int customers, int skus, double updateRate, Duration updateDuration,
                          int partitions, int endpointPort, AppConfig app, OpsServer.Config ops,
                          Duration sampleInterval, EndpointFaults faults, Duration inputLinger) {

        /**
         * {@code customers} and {@code skus} preloaded, then 1,000 updates/s for 10 s, on 6 partitions,
         * seed 42, the default app against an endpoint on a free port that behaves, ops endpoints on a
         * free local port, sampled every 10 s, the generator's records sent with the input
         * producer's linger; the {@code with} methods change one thing each.
         */
        public static Options of(int customers, int skus) {
            return new Options(42, customers, skus, 1_000, Duration.ofSeconds(10), 6, 0, AppConfig.defaults(),
                    new OpsServer.Config("localhost", 0), Duration.ofSeconds(10), EndpointFaults.NONE,
                    InputProducer.LINGER);
        }

        public Options withSeed(long newSeed) {
            return new Options(newSeed, customers, skus, updateRate, updateDuration, partitions, endpointPort, app, ops,
                    sampleInterval, faults, inputLinger);
        }

        /** After the preload, {@code rate} updates a second for {@code duration}. */
        public Options withUpdates(double rate, Duration duration) {
            return new Options(seed, customers, skus, rate, duration, partitions, endpointPort, app, ops, sampleInterval,
                    faults, inputLinger);
        }

        public Options withPartitions(int count) {
            return new Options(seed, customers, skus, updateRate, updateDuration, count, endpointPort, app, ops,
                    sampleInterval, faults, inputLinger);
        }

        public Options withApp(AppConfig config) {
            return new Options(seed, customers, skus, updateRate, updateDuration, partitions, endpointPort, config, ops,
                    sampleInterval, faults, inputLinger);
        }

        public Options withOps(OpsServer.Config config) {
            return new Options(seed, customers, skus, updateRate, updateDuration, partitions, endpointPort, app, config,
                    sampleInterval, faults, inputLinger);
        }

        public Options withSampleInterval(Duration interval) {
            return new Options(seed, customers, skus, updateRate, updateDuration, partitions, endpointPort, app, ops,
                    interval, faults, inputLinger);
        }

        public Options withFaults(EndpointFaults endpointFaults) {
            return new Options(seed, customers, skus, updateRate, updateDuration, partitions, endpointPort, app, ops,
                    sampleInterval, endpointFaults, inputLinger);
        }

        /**
         * The linger of the producer that sends the generator's records. Longer than the default
         * batches a steady trickle of updates into fewer, larger requests, at the cost of latency.
         */
        public Options withInputLinger(Duration linger) {
            return new Options(seed, customers, skus, updateRate, updateDuration, partitions, endpointPort, app, ops,
                    sampleInterval, faults, linger);
        }
    }

    /** Longest wait for the dead-letter topic to be read at the end of a run. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** How often drain progress is polled: a commit interval is typically 1 s. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(200);

    private final Options options;
    private final EmbeddedKafka kafka;
    /** Whether {@link #close()} stops the broker: not when the caller shares it between runs. */
    private final boolean ownsKafka;
    private final AnalyticsEndpoint endpoint;
    private final Path stateDir;
    private final StreamApp app;
    private final JunctionRegistry metrics;
    private final AppMonitor monitoring;
    private final Generator generator;
    private final InputProducer producer;
    private final IngestJob job;
    private volatile long producingStarted;
    private volatile long producingEnded;
    private volatile CatchUp catchUp;
    private volatile long catchUpWaitNanos;
    private volatile AnalyticsEndpoint.LatencyMark steadyMark;

    private Pipeline(Options options, EmbeddedKafka kafka, boolean ownsKafka, AnalyticsEndpoint endpoint, Path stateDir) {
        this.options = options;
        this.kafka = kafka;
        this.ownsKafka = ownsKafka;
        this.endpoint = endpoint;
        this.stateDir = stateDir;
        AppConfig app = options.app().withBootstrapServers(kafka.bootstrapServers())
                .withApplication(options.app().applicationId(), stateDir)
                .withSink(options.app().sinkEnabled(),
                        options.app().sink().toBuilder().endpoint(URI.create(endpoint.uri() + "/ingest")).build());
        this.metrics = options.ops().newRegistry();
        this.app = new StreamApp(app, metrics.registry());
        this.monitoring = AppMonitor.start(this.app, metrics, options.ops(), options.sampleInterval());
        this.generator = new Generator(options.seed(), options.customers(), options.skus());
        this.producer = InputProducer.connect(kafka.bootstrapServers(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, Long.toString(options.inputLinger().toMillis())),
                app.customersTopic(), app.inventoryTopic());
        this.job = new IngestJob(generator, producer);
    }

    /** Starts broker, endpoint and stream app, and returns once the app is RUNNING. */
    public static Pipeline start(Options options) throws IOException, InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withDefaultPartitions(options.partitions()));
        try {
            return start(options, kafka, true);
        } catch (IOException | InterruptedException | RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * Starts endpoint and stream app on a broker that outlives this pipeline (tests share one),
     * creating the topics {@code options.app()} names; returns once the app is RUNNING. Runs on
     * one broker keep apart only if each has its own topics and application id.
     */
    public static Pipeline start(Options options, EmbeddedKafka sharedKafka) throws IOException, InterruptedException {
        return start(options, sharedKafka, false);
    }

    private static Pipeline start(Options options, EmbeddedKafka kafka, boolean ownsKafka)
            throws IOException, InterruptedException {
        createTopics(kafka, options.app(), options.partitions());
        AnalyticsEndpoint endpoint = AnalyticsEndpoint.start("localhost", options.endpointPort(), options.faults());
        Pipeline pipeline;
        try {
            pipeline = new Pipeline(options, kafka, ownsKafka, endpoint, Files.createTempDirectory("junction-state"));
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
        try {
            pipeline.app.start();
            pipeline.app.awaitRunning(Duration.ofSeconds(60));
            return pipeline;
        } catch (InterruptedException | RuntimeException e) {
            pipeline.closeAllButTheBroker();
            throw e;
        }
    }

    /** The app's topics; the input tables compacted, as changelogs of the latest state should be. */
    static void createTopics(EmbeddedKafka kafka, AppConfig app, int partitions) {
        kafka.createCompactedTopics(partitions, app.customersTopic(), app.inventoryTopic());
        kafka.createTopics(partitions, app.outputTopic(), app.deadLetterTopic());
    }

    /** Preloads every sku and customer, then runs updates at the configured rate and duration. */
    public void produce() {
        producingStarted = System.nanoTime();
        job.preload();
        job.updates(options.updateRate(), options.updateDuration());
        producer.flush();
        producingEnded = System.nanoTime();
    }

    /**
     * Preloads every sku and customer and waits until the app has delivered all of it: the
     * catch-up a deployment does when it starts on topics that already hold data. Its time and
     * rate go into {@link #result()}.
     *
     * @return false if the backlog did not drain within the timeout
     */
    public boolean preloadAndCatchUp(Duration timeout) {
        long start = System.nanoTime();
        producingStarted = start;
        job.preload();
        producer.flush();
        long waitStart = System.nanoTime();
        boolean drained = awaitDrained(timeout);
        long end = System.nanoTime();
        // The producing time of the summary is the generator's own, without this wait.
        catchUpWaitNanos = end - waitStart;
        catchUp = new CatchUp((end - start) / 1e9, producer.acked(), endpoint.stats().records());
        return drained;
    }

    /**
     * Runs updates at the configured rate and duration on a drained pipeline; the end-to-end
     * latency of what is delivered from now on is the steady state's ({@link #result()}).
     */
    public void steadyUpdates() {
        steadyMark = endpoint.markLatency();
        job.updates(options.updateRate(), options.updateDuration());
        producer.flush();
        producingEnded = System.nanoTime();
    }

    /** What {@link #preloadAndCatchUp} measured. */
    private record CatchUp(double seconds, long inputs, long delivered) {
    }

    /**
     * Waits until the app has committed everything produced, on the inputs and on the join's
     * internal topics. Since offsets commit only after the sink settled the records, that is the
     * moment the endpoint has all it will get.
     */
    public boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (app.committedLag() == 0) {
                return true;
            }
            LockSupport.parkNanos(DRAIN_POLL.toNanos());
        }
        return false;
    }

    /** A point-in-time reading for the progress line. */
    public Progress progress() {
        EndpointStats stats = endpoint.stats();
        return new Progress(System.nanoTime(), producer.acked(), app.recordsIn(app.config().outputTopic()),
                stats.records(), app.committedLag());
    }

    /** Counts of one moment: produced inputs, joined outputs, records the endpoint accepted, lag. */
    public record Progress(long nanos, long produced, long joined, long delivered, long lag) {
    }

    /** The verifier's verdict on the endpoint's view against the generator's final inputs, and the figures. */
    public DemoResult result() {
        Map<String, Customer> customers = new HashMap<>(generator.customers());
        Map<String, InventoryItem> inventory = new HashMap<>(generator.inventory());
        EndpointStats stats = endpoint.stats();
        DeadLetterTopic deadLetters = DeadLetterTopic.read(kafka.bootstrapServers(), app.config().deadLetterTopic(),
                READ_TIMEOUT);
        VerificationReport report = Verifier.verify(customers, inventory, endpoint.view(), stats.duplicates(),
                endpoint.faults().rejectCustomers(), deadLetters.sinkKeys());
        if (app.config().sinkEnabled()) {
            report = report.withEvents(EventAccount.of(kafka.bootstrapServers(), app.config().outputTopic(),
                    READ_TIMEOUT, StreamsConfig.AT_LEAST_ONCE.equals(app.config().processingGuarantee()),
                    endpoint.receivedEventIds(), deadLetters.sinkEventIds()));
        }
        double producingSeconds = (producingEnded - producingStarted - catchUpWaitNanos) / 1e9;
        CatchUp phase = catchUp;
        AnalyticsEndpoint.LatencyMark mark = steadyMark;
        DemoResult.Phases phases = phase == null || mark == null ? null : new DemoResult.Phases(phase.seconds(),
                phase.inputs(), phase.delivered(), endpoint.latencySince(mark));
        return new DemoResult(producer.acked(), producer.failed(), app.recordsIn(app.config().outputTopic()),
                stats, deadLetters.size(), producingSeconds, report, phases);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String endpointUri() {
        return endpoint.uri() + "/ingest";
    }

    public StreamApp app() {
        return app;
    }

    /** The analytics endpoint, e.g. to change its faults while the pipeline runs. */
    public AnalyticsEndpoint endpoint() {
        return endpoint;
    }

    /** Base URI of /metrics, /health and /summary. */
    public String opsUri() {
        return "http://" + options.ops().host() + ":" + monitoring.port();
    }

    @Override
    public void close() {
        closeAllButTheBroker();
        if (ownsKafka) {
            kafka.close();
        }
    }

    private void closeAllButTheBroker() {
        job.stop();
        producer.close();
        app.close();
        monitoring.close();
        metrics.close();
        endpoint.close();
        try {
            Utils.delete(stateDir.toFile());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
