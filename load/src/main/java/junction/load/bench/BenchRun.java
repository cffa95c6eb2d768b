package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import junction.app.topics.DeadLetterTopic;
import junction.ingest.Generator;
import junction.ingest.IngestJob;
import junction.ingest.InputProducer;
import junction.load.EndpointStats;
import junction.load.EventAccount;
import junction.load.VerificationReport;
import junction.load.Verifier;
import junction.metrics.DaemonThreads;
import junction.model.CustomerInventory;
import junction.model.Topics;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scenario works with: the cluster of child processes, the monitor sampling them, and the
 * seeded generator whose final state the endpoint is verified against. Scenarios are sequences
 * of its steps: preload, measure an app, verify.
 */
final class BenchRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchRun.class);
    /** Longest wait to read the output topic to its end for the event accounting. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** How often the output topic is read for the first merged record of a pass. */
    private static final Duration FIRST_OUTPUT_POLL = Duration.ofMillis(100);

    private final BenchSettings settings;
    private final BenchCluster cluster;
    private final BenchMonitor monitor;
    private final Path stateRoot;
    private final Generator generator;
    private InputProducer producer;
    private IngestJob job;

    /** The process of {@link #warmUpBroker}. */
    static final String BROKER_WARM_UP = "app_broker_warm_up";

    BenchRun(BenchSettings settings, BenchCluster cluster, BenchMonitor monitor) {
        this.settings = settings;
        this.cluster = cluster;
        this.monitor = monitor;
        this.generator = new Generator(settings.seed(), settings.customers(), settings.skus());
        try {
            this.stateRoot = Files.createTempDirectory("junction-bench-state");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory", e);
        }
    }

    BenchSettings settings() {
        return settings;
    }

    BenchCluster cluster() {
        return cluster;
    }

    BenchMonitor monitor() {
        return monitor;
    }

    /**
     * Produces every sku, then every customer, from this process, and returns how many records
     * the broker acknowledged. Until the first update it may be called again: it sends the same
     * records again (for another application that starts at the end of the inputs).
     *
     * @throws IllegalStateException if the broker refused any
     */
    long preload() {
        if (producer == null) {
            producer = InputProducer.connect(cluster.bootstrapServers(), Topics.CUSTOMERS.name(), Topics.INVENTORY.name());
            monitor.countInputs(producer::acked);
            job = new IngestJob(generator, producer);
        }
        long before = producer.acked();
        monitor.phase("preload", null);
        job.preload();
        requireAllAcked();
        return producer.acked() - before;
    }

    /**
     * Preloads for instances of an application already running and waiting at the end of the
     * inputs ({@link BenchCluster#startGroupAtEnd}), and waits for its committed lag to reach zero:
     * the pass counts from the first preloaded record, so every instance takes part from the start.
     *
     * @param instance a running instance: if it dies, the lag will never reach zero
     */
    AppRun preloadInto(String instance, String applicationId) throws TimeoutException {
        Counts before = counts();
        Map<String, Double> cpu = cpuNow(instance);
        long start = System.nanoTime();
        long inputs = preload();
        return drain(instance, applicationId, inputs, before, start, Duration.ZERO, cpu);
    }

    /** A record the broker refused would be missing at the endpoint for no fault of the app. */
    private void requireAllAcked() {
        if (producer.failed() > 0) {
            throw new IllegalStateException(producer.failed() + " input records were not acknowledged by the broker");
        }
    }

    /**
     * Runs a stream app over everything produced so far, as process {@code name}, and stops it
     * once its committed lag is zero.
     *
     * @param applicationId a new one for each pass, so it reads the inputs from the beginning
     * @param sink false for a bare join to the output topic only
     */
    AppRun measureApp(String name, String applicationId, boolean sink) throws TimeoutException, InterruptedException {
        AppRun run = runApp(name, applicationId, sink);
        stopApp(name);
        return run;
    }

    /**
     * Runs one bare pass over the preloaded inputs in a process of its own, unmeasured, and stops
     * it: call it after {@link #preload} and before a scenario's first cold pass. A cold pass stands
     * for the app's first minutes after a deployment, which restarts the app, not the brokers. The
     * bench's broker has only just started, and the first pass that read from it also paid for
     * compiling the broker's fetch and internal-topic paths. Over the 14 {@code join} and
     * {@code throughput} runs of 2026-12-07, the first cold pass cost the broker 0.09-0.17 CPU-seconds
     * per 1,000 merged records (median 0.125), the second 0.06-0.11 (0.074), and the first merged its
     * first record after 2.7-9.4 s (median 4.2; over 5 s in four runs), the second after 2.4-9.6 s
     * (3.5; once), whichever profile went first. The figures of this pass are returned as context.
     */
    AppRun warmUpBroker() throws TimeoutException, InterruptedException {
        return measureApp(BROKER_WARM_UP, "bench-broker-warm-up", false);
    }

    /** Like {@link #measureApp} but leaves the app running, for load after the preload. */
    AppRun runApp(String name, String applicationId, boolean sink) throws TimeoutException, InterruptedException {
        return runApp(name, applicationId, sink, List.of());
    }

    /** Like {@link #runApp(String, String, boolean)} with more {@code run} options (sink tuning). */
    AppRun runApp(String name, String applicationId, boolean sink, List<String> options)
            throws TimeoutException, InterruptedException {
        return pass(name, applicationId, () -> cluster.startApp(name, applicationId, sink, settings.appHeap(),
                stateDir(applicationId, name), appOptions(options)));
    }

    /**
     * Starts a new warm app process {@code name} ({@link BenchCluster#startPasses}) for a cold pass
     * and the {@link #runPass}es after it, after stopping the one before it, if any
     * ({@code --cold-passes}); returns how long the JVM took to start.
     */
    Duration restartPasses(String name, boolean sink, List<String> options) throws TimeoutException, InterruptedException {
        cluster.stop(name);
        long starting = System.nanoTime();
        cluster.startPasses(name, sink, settings.appHeap(), appOptions(options));
        return Duration.ofNanos(System.nanoTime() - starting);
    }

    /**
     * Like {@link #runApp}, in the warm process {@code name}: a fresh application id and state
     * directory, and start-up from the start command to processing (no JVM start).
     */
    AppRun runPass(String name, String applicationId) throws TimeoutException, InterruptedException {
        return pass(name, applicationId, () -> cluster.startPass(name, applicationId, stateDir(applicationId, name)));
    }

    /** Like {@link #measureApp}, in the warm process {@code name}: {@link #runPass}, then {@link #stopPass}. */
    AppRun measurePass(String name, String applicationId) throws TimeoutException, InterruptedException {
        AppRun run = runPass(name, applicationId);
        stopPass(name);
        return run;
    }

    /** Ends the pass running in the warm process {@code name}; the process waits for the next. */
    void stopPass(String name) throws TimeoutException, InterruptedException {
        monitor.phase(name + " (stopping)", null);
        cluster.stopPass(name);
    }

    /** How a pass's app comes up: a process of its own, or a start command to a warm one. */
    private interface AppStart {
        void start() throws TimeoutException, InterruptedException;
    }

    private AppRun pass(String name, String applicationId, AppStart start) throws TimeoutException, InterruptedException {
        monitor.phase(name + " (starting)", null);
        Counts before = counts();
        long inputs = producer.acked();
        Map<String, Double> cpu = cpuNow(name);
        long launched = System.nanoTime();
        start.start();
        // The clock starts when the app began processing, which with several stream threads can
        // come before the instance as a whole is ready.
        long processing = cluster.processingSince(name);
        return drain(name, applicationId, inputs, before, processing, Duration.ofNanos(processing - launched), cpu);
    }

    /**
     * Starts one more instance of a stream app with the sink, or restarts one, and returns once it
     * is RUNNING. An instance keeps its state directory across restarts, as a deployment would.
     */
    void startInstance(String name, String applicationId, List<String> options)
            throws TimeoutException, InterruptedException {
        cluster.startApp(name, applicationId, true, settings.appHeap(), stateDir(applicationId, name),
                appOptions(options));
    }

    /** Starts an instance like {@link #startInstance} without waiting for it: for a start meant to be refused. */
    ChildProcess launchInstance(String name, String applicationId, List<String> options) {
        return cluster.launchApp(name, applicationId, true, settings.appHeap(), stateDir(applicationId, name),
                appOptions(options));
    }

    /** The state directory of one instance of an application. */
    Path stateDir(String applicationId, String instance) {
        return stateRoot.resolve(applicationId).resolve(instance);
    }

    /** The options given, then those of the command line ({@code --app-option}, {@code --app-kafka}). */
    private List<String> appOptions(List<String> options) {
        List<String> all = new ArrayList<>(options);
        all.addAll(settings.appOptions());
        return all;
    }

    /**
     * Starts sending updates at a constant rate for the configured duration on a thread of its
     * own, while the caller injects a fault; {@link #awaitUpdates} collects the count.
     */
    Future<Long> startUpdates(double ratePerSec) {
        return startUpdates(ratePerSec, settings.duration());
    }

    /** Like {@link #startUpdates(double)}, for {@code duration}. */
    Future<Long> startUpdates(double ratePerSec, Duration duration) {
        FutureTask<Long> updates = new FutureTask<>(() -> job.updates(ratePerSec, duration));
        Thread thread = DaemonThreads.thread("bench-updates", updates);
        thread.start();
        return updates;
    }

    /**
     * Ends the updates started last, after the record in hand, for a phase whose end is known
     * only as it runs; no updates can be sent after it.
     */
    void stopUpdates() {
        job.stop();
    }

    /**
     * Waits for the update phase to end and returns how many updates were sent.
     *
     * @throws IllegalStateException if the broker refused any input record
     */
    long awaitUpdates(Future<Long> updates) throws InterruptedException, ExecutionException {
        long sent = updates.get();
        requireAllAcked();
        return sent;
    }

    /** Sends updates at a constant rate for {@code duration} while the app runs; returns how many. */
    long updates(double ratePerSec, Duration duration) {
        long sent = job.updates(ratePerSec, duration);
        requireAllAcked();
        return sent;
    }

    /** Merged records one update causes on average (inventory changes fan out to their customers). */
    double mergedRecordsPerUpdate() {
        return generator.mergedRecordsPerUpdate();
    }

    /** The producer of the inputs, for records the generator does not make (poison). */
    InputProducer producer() {
        return producer;
    }

    /**
     * Sends updates at a constant rate for the configured duration while the app runs, then waits
     * for it to reach zero lag; the pass counts from the first update.
     */
    AppRun updateAndDrain(String name, String applicationId, double ratePerSec)
            throws TimeoutException, InterruptedException {
        monitor.phase(name + " (updates)", applicationId);
        Counts before = counts();
        Map<String, Double> cpu = cpuNow(name);
        long start = System.nanoTime();
        long updates = job.updates(ratePerSec, settings.duration());
        requireAllAcked();
        return drain(name, applicationId, updates, before, start, Duration.ZERO, cpu);
    }

    void stopApp(String name) {
        monitor.phase(name + " (stopping)", null);
        cluster.stop(name);
    }

    /** Output records so far, and what the endpoint accepted since it started or was reset. */
    private record Counts(long joined, long delivered) {
    }

    private Counts counts() {
        return new Counts(cluster.outputRecords(), cluster.endpoint().stats().records());
    }

    /**
     * Waits for the app's committed lag to reach zero, noting when the first merged record of the
     * pass reached the output topic, and what CPU each process spent.
     *
     * @param cpuBefore CPU-seconds of the app and the services when the pass began ({@link #cpuNow})
     */
    private AppRun drain(String name, String applicationId, long inputs, Counts before, long startNanos,
            Duration startup, Map<String, Double> cpuBefore) throws TimeoutException {
        monitor.phase(name, applicationId);
        Duration firstOutput = awaitFirstOutput(name, applicationId, before.joined(), startNanos);
        cluster.awaitZeroLag(name, applicationId, settings.timeout());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuNow(name).forEach((process, seconds) -> cpu.put(process, seconds - cpuBefore.getOrDefault(process, 0.0)));
        Counts after = counts();
        AppRun run = new AppRun(name, elapsed, inputs, after.joined() - before.joined(),
                after.delivered() - before.delivered(), startup, firstOutput, cpu);
        log.info("{}", run);
        return run;
    }

    /**
     * Polls the output topic until it has grown past {@code joinedBefore} and returns the time
     * from {@code startNanos}; null if the group reached zero lag first (the pass had nothing to
     * join) or the timeout passed (then the lag wait that follows reports it).
     */
    private Duration awaitFirstOutput(String name, String applicationId, long joinedBefore, long startNanos) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (cluster.outputRecords() > joinedBefore) {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
                if (cluster.committedLag(applicationId) == 0) {
                    return null;
                }
            } catch (RuntimeException e) {
                // The broker may be restarting in a fault scenario: ask again.
                log.debug("output offsets unreadable: {}", e.toString());
            }
            if (!cluster.isRunning(name)) {
                return null;
            }
            LockSupport.parkNanos(FIRST_OUTPUT_POLL.toNanos());
        }
        return null;
    }

    /**
     * CPU-seconds used so far by the app of this name (if it runs) and by the broker and endpoint,
     * and by each one's JIT compiler ({@link AppRun#jit}).
     */
    private Map<String, Double> cpuNow(String app) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String process : List.of(app, BenchCluster.BROKER, BenchCluster.ENDPOINT)) {
            Double seconds = cluster.cpuSeconds(process);
            Double jit = cluster.jitSeconds(process);
            if (seconds != null) {
                cpu.put(process, seconds);
            }
            if (jit != null) {
                cpu.put(AppRun.jit(process), jit);
            }
        }
        return cpu;
    }

    /** The endpoint's view against the generator's final state: the one verdict of a run. */
    VerificationReport verify() {
        EndpointStats stats = cluster.endpoint().stats();
        return Verifier.verify(new HashMap<>(generator.customers()), new HashMap<>(generator.inventory()),
                cluster.endpoint().view(), stats.duplicates());
    }

    /** A view read elsewhere (the output topic) against the generator's final state. */
    VerificationReport verify(Map<String, CustomerInventory> view) {
        return Verifier.verify(new HashMap<>(generator.customers()), new HashMap<>(generator.inventory()), view, 0);
    }

    /**
     * Like {@link #verify()}, where the endpoint refuses no customer: any customer the sink
     * dead-lettered is a problem of the verdict.
     *
     * @param sinkDeadLetters customer ids the sink wrote to the dead-letter topic
     */
    /**
     * Every merged record on the output topic, accounted against what the endpoint received and
     * the sink dead-lettered ({@link EventAccount}); the apps run at-least-once.
     */
    EventAccount accountEvents(DeadLetterTopic letters) {
        return EventAccount.of(cluster.bootstrapServers(), Topics.CUSTOMER_INVENTORY.name(), READ_TIMEOUT, true,
                cluster.endpoint().receivedEventIds(), letters.sinkEventIds());
    }

    VerificationReport verify(Collection<String> sinkDeadLetters) {
        return verify(Set.of(), sinkDeadLetters);
    }

    /**
     * Like {@link #verify(Collection)}, where the endpoint refuses these customers throughout:
     * each must be dead-lettered and absent from the endpoint, and no other customer lettered.
     */
    VerificationReport verify(Set<String> refused, Collection<String> sinkDeadLetters) {
        EndpointStats stats = cluster.endpoint().stats();
        return Verifier.verify(new HashMap<>(generator.customers()), new HashMap<>(generator.inventory()),
                cluster.endpoint().view(), stats.duplicates(), refused, sinkDeadLetters);
    }

    /** A customer id of this run's data, the middle one in id order (for a fault aimed at one customer). */
    String middleCustomerId() {
        List<String> ids = new ArrayList<>(new TreeSet<>(generator.customers().keySet()));
        return ids.get(ids.size() / 2);
    }

    @Override
    public void close() {
        if (producer != null) {
            job.stop();
            producer.close();
        }
        try {
            Utils.delete(stateRoot.toFile());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", stateRoot, e.toString());
        }
    }
}
