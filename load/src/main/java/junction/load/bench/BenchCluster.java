package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.regex.Pattern;
import junction.cli.Durations;
import junction.load.EndpointClient;
import junction.load.KafkaNodes;
import junction.model.JsonSerde;
import junction.model.Topics;
import junction.topology.AppConfig;
import junction.topology.GroupLag;
import junction.topology.StreamsTuning;
import junction.topology.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes a benchmark measures, each a child JVM on this classpath started through
 * {@code junction.load.cli.Harness}: the broker, the analytics endpoint and stream apps, plus the
 * clients the benchmark reads them with (Admin for offsets, {@link EndpointClient} for
 * {@code /stats} and {@code /view}). Closing it stops every child it started, newest first, the
 * broker last. The broker keeps its data in a directory of its own, so a fault scenario can stop
 * it and start it again on the same data and port.
 */
final class BenchCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchCluster.class);

    /** By name: the harness's entry point lists the bench among its commands (BenchOptionsTest checks it is that class). */
    static final String MAIN_CLASS = "junction.load.cli.Harness";
    static final String BROKER = "broker";
    static final String ENDPOINT = "endpoint";
    private static final String ENDPOINT_LATENCY_OPTION = "--endpoint-latency";
    private static final Pattern BROKER_READY = Pattern.compile("broker ready: bootstrap.servers=(\\S+)");
    private static final Pattern ENDPOINT_READY = Pattern.compile("endpoint ready: (http://\\S+)/ingest");
    static final Pattern APP_OPS = Pattern.compile("ops endpoints: (http://\\S+)/metrics");
    private static final Pattern PASSES_WAITING = Pattern.compile("passes: waiting");
    private static final Pattern PASS_STOPPED = Pattern.compile(Pattern.quote(PassesCommand.STOPPED));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The Admin client's limit on one call: short enough that a sample or a lag poll fails within
     * a few seconds while the broker is down (and is asked again), rather than hanging a minute.
     */
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Repartition topics of the FK join end so; changelogs (restored, never consumed by the group) do not. */
    private static final String REPARTITION_SUFFIX = "-topic";

    /** JVM options of the broker; the app's heap comes from the settings. */
    private static final List<String> SERVICE_JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");
    /**
     * The endpoint's: it is the instrument that timestamps each record's arrival, so it must not
     * pause, nor take the cores from the pipeline it measures. It keeps every record and event id it
     * received. Under G1 its young collections copied them in pauses of 70-265 ms (30 over 20 ms in
     * one 3 1/2-minute steady run, 2026-12-07), each a window of the steady phase whose e2e p99
     * doubled. ZGC collects concurrently; with a 1 GB heap it ran a cycle every minute or so, on
     * both cores for seconds (the endpoint at 0.7 cores, the window's p99 twice the others); with
     * 4 GB and one collector thread, a cycle still came about a minute after the last, and the
     * window it fell in had a 314 ms maximum. With 8 GB (committed only as used) a cycle comes
     * about twice as late, one collector thread leaves the other core to the pipeline, and
     * {@code steady} has the endpoint collect just before its measured phase
     * ({@link EndpointClient#collectGarbage}).
     */
    private static final List<String> ENDPOINT_JVM = List.of("-Xmx8g", "-XX:+UseZGC", "-XX:ConcGCThreads=1");
    /** A node of a multi-node cluster: three share the machine, and a small bench's load needs little heap. */
    private static final List<String> CLUSTER_NODE_JVM = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC");

    private final Path logDir;
    private final String classpath;
    private final ProcessSampler sampler;
    private final List<String> appJvmOptions;
    /** Written by the driving thread, read by a shutdown hook's {@link #close()}. */
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    /** The ops endpoints ({@code http://host:port}) of each app by process name, the latest start's. */
    private final Map<String, String> opsUris = new ConcurrentHashMap<>();
    /** When the latest start of each app first had a stream thread RUNNING ({@link System#nanoTime}). */
    private final Map<String, Long> processingSince = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
    private volatile String bootstrapServers;
    private volatile Admin admin;
    private volatile Path brokerDataDir;
    private volatile int brokerPartitions;
    private volatile String endpointUri;
    private volatile EndpointClient endpoint;

    /** @param classpath the children's classpath (see {@link ClasspathSnapshot}) */
    /** @param appJvmOptions extra JVM options of every stream app (e.g. a JFR recording) */
    BenchCluster(Path logDir, String classpath, ProcessSampler sampler, List<String> appJvmOptions) {
        this.appJvmOptions = List.copyOf(appJvmOptions);
        this.logDir = logDir;
        this.classpath = classpath;
        this.sampler = sampler;
    }

    /** Starts the broker with junction's topics and connects the Admin client to it. */
    void startBroker(int partitions) throws TimeoutException, InterruptedException {
        try {
            brokerDataDir = Files.createTempDirectory("junction-bench-broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        brokerPartitions = partitions;
        bootstrapServers = launchBroker("0");
        connectAdmin();
    }

    private void connectAdmin() {
        int timeoutMs = Math.toIntExact(ADMIN_CALL_TIMEOUT.toMillis());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs));
    }

    /**
     * Starts a cluster of {@code nodes} broker processes ({@code broker_1}, ...; one node is
     * {@link #startBroker}), each a broker and controller voter, and creates junction's topics
     * through {@link TopicSetup} with the replication a production cluster of that size gets.
     */
    void startBrokers(int partitions, int nodes) throws TimeoutException, InterruptedException {
        if (nodes == 1) {
            startBroker(partitions);
            return;
        }
        try {
            brokerDataDir = Files.createTempDirectory("junction-bench-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the brokers' data directory", e);
        }
        brokerPartitions = partitions;
        KafkaNodes layout = KafkaNodes.onFreePorts(nodes, 0);
        List<ChildProcess> started = new ArrayList<>();
        // All at once: a node becomes ready only once a majority of the controller quorum is up.
        for (KafkaNodes.Node node : layout.nodes()) {
            started.add(start(brokerName(node.id()), CLUSTER_NODE_JVM, List.of("broker", "--node-id", Integer.toString(node.id()),
                    "--cluster", layout.spec(), "--data-dir", brokerDataDir.resolve("node-" + node.id()).toString(),
                    "--partitions", Integer.toString(partitions))));
        }
        for (ChildProcess node : started) {
            // Three JVMs start at once on the same cores: each may take a start's time on its own.
            node.awaitLine(BROKER_READY, START_TIMEOUT.multipliedBy(nodes));
        }
        bootstrapServers = layout.bootstrapServers();
        connectAdmin();
        new TopicSetup(admin, AppConfig.defaults()).create(partitions, TopicSetup.Replication.forBrokers(nodes));
    }

    /** The process name of a node of a multi-node cluster ('_': it names the node's sample columns too). */
    static String brokerName(int nodeId) {
        return BROKER + "_" + nodeId;
    }

    /** The node a consumer group's coordinator is on: the broker its offsets commits go to. */
    int coordinatorOf(String groupId) throws ExecutionException, InterruptedException {
        return admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId).coordinator().id();
    }

    /** The sum of a consumer group's committed offsets: it rises with every commit. */
    long committedOffsetSum(String groupId) {
        try {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets of group " + groupId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading committed offsets", e);
        }
    }

    /** Partitions of these topics led by each node now (a partition without a leader is under -1). */
    Map<Integer, Integer> leadersByNode(Set<String> topics) throws ExecutionException, InterruptedException {
        Map<Integer, Integer> leaders = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(p ->
                leaders.merge(p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id(), 1, Integer::sum)));
        return leaders;
    }

    /** Starts a broker process on the data directory; returns its bootstrap servers once it is ready. */
    private String launchBroker(String port) throws TimeoutException, InterruptedException {
        ChildProcess broker = start(BROKER, SERVICE_JVM, List.of("broker", "--port", port,
                "--data-dir", brokerDataDir.toString(), "--partitions", Integer.toString(brokerPartitions)));
        return broker.awaitLine(BROKER_READY, START_TIMEOUT).group(1);
    }

    /** Stops the broker gracefully (SIGTERM); clients keep retrying until it is back. */
    void stopBroker() {
        stop(BROKER);
    }

    /**
     * Starts the broker again on the same data directory and port, so clients that knew the old
     * one reconnect by themselves; returns once it serves clients.
     */
    void restartBroker() throws TimeoutException, InterruptedException {
        String port = bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1);
        String again = launchBroker(port);
        if (!again.equals(bootstrapServers)) {
            throw new IllegalStateException("the broker came back as " + again + ", not " + bootstrapServers);
        }
    }

    /** Starts the analytics endpoint, replacing one already running, with this latency per request. */
    void startEndpoint(Duration latency) throws TimeoutException, InterruptedException {
        startEndpoint(latency, false);
    }

    /** As {@link #startEndpoint(Duration)}; {@code forgetful}: last-writer-wins on version, no event-id memory. */
    void startEndpoint(Duration latency, boolean forgetful) throws TimeoutException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("endpoint", "--port", "0"));
        if (!latency.isZero()) {
            args.addAll(List.of(ENDPOINT_LATENCY_OPTION, Durations.format(latency)));
        }
        if (forgetful) {
            args.add("--endpoint-forgetful");
        }
        stop("endpoint");
        ChildProcess child = start("endpoint", ENDPOINT_JVM, args);
        endpointUri = child.awaitLine(ENDPOINT_READY, START_TIMEOUT).group(1);
        endpoint = new EndpointClient(endpointUri, CLIENT_TIMEOUT);
    }

    /**
     * Waits until the endpoint answers {@code /stats} again, after a down window.
     *
     * @throws TimeoutException if it still refuses after the timeout
     */
    void awaitEndpointUp(Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                endpoint.stats();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    TimeoutException down = new TimeoutException("the endpoint still refuses after " + Durations.format(timeout));
                    down.initCause(e);
                    throw down;
                }
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Starts a stream app under a process name (e.g. "app_bare") and returns once it is ready
     * (streams RUNNING), so what follows measures processing, not JVM start-up.
     *
     * @param sink false for a bare join to the output topic
     */
    void startApp(String name, String applicationId, boolean sink, String heap, Path stateDir)
            throws TimeoutException, InterruptedException {
        startApp(name, applicationId, sink, heap, stateDir, List.of());
    }

    /**
     * Like {@link #startApp(String, String, boolean, String, Path)} with more {@code run} options
     * (sink tuning, {@code --kafka}). A name started before (a restart) is a new process under it.
     */
    void startApp(String name, String applicationId, boolean sink, String heap, Path stateDir, List<String> more)
            throws TimeoutException, InterruptedException {
        ChildProcess app = launchApp(name, applicationId, sink, heap, stateDir, more);
        String ops = app.awaitLine(APP_OPS, START_TIMEOUT).group(1);
        opsUris.put(name, ops);
        awaitReady(app, URI.create(ops + "/health"));
    }

    /**
     * The app's JVM flags: its heap, G1 unless {@code options} name another collector (a JVM given
     * two refuses to start), then {@code options}.
     */
    static List<String> appJvm(String heap, List<String> options) {
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx" + heap));
        if (options.stream().noneMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
            jvm.add("-XX:+UseG1GC");
        }
        jvm.addAll(options);
        return jvm;
    }

    /**
     * Starts the bench's warm app process ({@code passes}): {@code run}'s options without an
     * application id, waiting for {@link #startPass} to run an app in it, again and again.
     */
    void startPasses(String name, boolean sink, String heap, List<String> more) throws TimeoutException, InterruptedException {
        startAppProcess(name, List.of("passes"), sink, heap, more).awaitLine(PASSES_WAITING, START_TIMEOUT);
    }

    /** Runs an app in the warm process {@code name} ({@link #startPasses}) and waits until it is ready, as {@link #startApp} does. */
    void startPass(String name, String applicationId, Path stateDir) throws TimeoutException, InterruptedException {
        ChildProcess passes = latest(name);
        long seen = passes.linesPrinted();
        passes.send("start " + applicationId + " " + stateDir);
        String ops = passes.awaitLine(APP_OPS, START_TIMEOUT, seen).group(1);
        opsUris.put(name, ops);
        awaitReady(passes, URI.create(ops + "/health"));
    }

    /** Closes the app running in the warm process {@code name}; the process stays for the next pass. */
    void stopPass(String name) throws TimeoutException, InterruptedException {
        ChildProcess passes = latest(name);
        long seen = passes.linesPrinted();
        passes.send("stop");
        passes.awaitLine(PASS_STOPPED, START_TIMEOUT, seen);
    }

    /** Starts a stream app like {@link #startApp} but returns at once: for a start that is meant to be refused. */
    ChildProcess launchApp(String name, String applicationId, boolean sink, String heap, Path stateDir, List<String> more) {
        return startAppProcess(name, List.of("run", "--application-id", applicationId, "--state-dir", stateDir.toString()),
                sink, heap, more);
    }

    /**
     * A stream app's process, {@code run} or {@code passes} ({@code command} with its own options),
     * on this cluster's broker and endpoint, with the bench's app JVM options and, for the baseline
     * profile, the baseline classpath.
     */
    private ChildProcess startAppProcess(String name, List<String> command, boolean sink, String heap, List<String> more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--bootstrap-servers", bootstrapServers, "--endpoint", endpointUri + "/ingest", "--metrics-port", "0"));
        if (!sink) {
            args.add("--no-sink");
        }
        args.addAll(more);
        return start(name, appJvm(heap, appJvmOptions), args, isBaseline(more) ? BaselineClasspath.of(classpath) : classpath);
    }

    /** Whether these {@code run} options choose the baseline profile, which runs on the RocksDB library of before. */
    private static boolean isBaseline(List<String> options) {
        int tuning = options.indexOf("--tuning");
        return tuning >= 0 && tuning + 1 < options.size()
                && StreamsTuning.BASELINE.label().equalsIgnoreCase(options.get(tuning + 1));
    }

    /**
     * Waits until every named app is ready (streams RUNNING) at once and stays so for
     * {@code settle}: a member joining makes the others rebalance, and a cooperative rebalance
     * takes more than one round, with a moment of RUNNING between them.
     */
    void awaitAllReady(List<String> names, Duration settle) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long readySince = -1;
        while (true) {
            boolean all = true;
            for (String name : names) {
                ChildProcess app = latest(name);
                if (app == null || !app.isAlive()) {
                    throw new IllegalStateException(name + " is not running" + (app == null ? "" : " (log: " + app.logFile() + ")"));
                }
                all &= isReady(URI.create(opsUris.get(name) + "/health/ready"));
            }
            long now = System.nanoTime();
            if (!all) {
                readySince = -1;
            } else if (readySince < 0) {
                readySince = now;
            } else if (now - readySince >= settle.toNanos()) {
                return;
            }
            if (now > deadline) {
                throw new TimeoutException(names + " not all ready for " + Durations.format(settle) + " within " + START_TIMEOUT);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Polls the app's {@code /health} until it is ready (200: streams RUNNING), noting when a
     * stream thread first ran ({@link #processingSince}).
     */
    private void awaitReady(ChildProcess app, URI health) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Long firstRunning = null;
        while (true) {
            HttpResponse<String> answer = get(health);
            long now = System.nanoTime();
            if (answer != null && firstRunning == null && threadsRunning(answer.body()) > 0) {
                firstRunning = now;
            }
            if (answer != null && answer.statusCode() == 200) {
                processingSince.put(app.name(), firstRunning == null ? now : firstRunning);
                return;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException(app.name() + " exited before it was ready (log: " + app.logFile() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(app.name() + " not ready within " + START_TIMEOUT + " (log: " + app.logFile() + ")");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * When the latest start of the app {@code name} began processing: its first stream thread
     * RUNNING. With one thread that is the moment the app is ready; with more, the first one
     * often works through the tasks it was given while the instance still rebalances for the
     * others, and a clock started at ready would leave that work out.
     */
    long processingSince(String name) {
        Long since = processingSince.get(name);
        if (since == null) {
            throw new IllegalStateException(name + " was never started and made ready here");
        }
        return since;
    }

    /** {@code streamThreads.running} of a {@code /health} answer; 0 when it is not there. */
    private static int threadsRunning(String health) {
        try {
            return JsonSerde.MAPPER.readTree(health).path("streamThreads").path("running").asInt(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** An answer to GET, whatever its status; null while the app does not answer at all. */
    private HttpResponse<String> get(URI uri) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(CLIENT_TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Not answering yet, or restarting its server.
            return null;
        }
    }

    /** Whether an app's {@code /health/ready} answers 200; false while it does not answer at all. */
    private boolean isReady(URI ready) throws InterruptedException {
        HttpResponse<String> answer = get(ready);
        return answer != null && answer.statusCode() == 200;
    }

    /**
     * The record counters of a running app from its {@code /metrics}; null if no process of that
     * name is running (never started, stopped or killed).
     *
     * @throws UncheckedIOException if it does not answer
     */
    AppCounters appCounters(String name) {
        Scrape scrape = scrapeMetrics(name);
        return scrape == null ? null : AppCounters.parse(scrape.body());
    }

    /** One {@code /metrics} scrape: the text, its series (lines that are not comments), bytes and time taken. */
    record Scrape(String body, long series, long bytes, long millis) {
    }

    /**
     * Scrapes a running app's {@code /metrics}; null if no process of that name is running.
     *
     * @throws UncheckedIOException if it does not answer
     */
    Scrape scrapeMetrics(String name) {
        ChildProcess app = latest(name);
        String ops = opsUris.get(name);
        if (app == null || !app.isAlive() || ops == null) {
            return null;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(ops + "/metrics")).timeout(CLIENT_TIMEOUT).GET().build();
        try {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + response.statusCode() + " to /metrics");
            }
            String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
            return new Scrape(body, series, response.body().length, millis);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not answer /metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + name + "'s /metrics", e);
        }
    }

    /**
     * Commits a new group's offsets at the current end of the input topics, so an app started
     * under it reads only the inputs produced from now on: several instances can then be started
     * and settled before there is work, and all begin it together.
     *
     * @throws IllegalStateException if the broker refuses (e.g. the group has members)
     */
    void startGroupAtEnd(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        GroupLag.endOffsets(admin, Set.of(Topics.CUSTOMERS.name(), Topics.INVENTORY.name()))
                .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end)));
        try {
            admin.alterConsumerGroupOffsets(groupId, ends).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot commit offsets for group " + groupId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted committing offsets for group " + groupId, e);
        }
    }

    /** Starts a child; a name started before (a restarted endpoint) gets a numbered log of its own. */
    private ChildProcess start(String name, List<String> jvm, List<String> args) {
        return start(name, jvm, args, classpath);
    }

    private ChildProcess start(String name, List<String> jvm, List<String> args, String classpath) {
        long earlier = children.stream().filter(c -> c.name().equals(name)).count();
        String log = earlier == 0 ? name + ".log" : name + "-" + (earlier + 1) + ".log";
        // HotSpot ends idle compiler threads, and their CPU time with them: kept, every process's
        // JIT time can be read from its threads (jitSeconds) at any moment.
        List<String> options = new ArrayList<>(jvm);
        options.add("-XX:-UseDynamicNumberOfCompilerThreads");
        // Every pause of every process, in wall-clock time: a latency spike in a report can be laid
        // against the collections of the app, the broker and the endpoint that timestamps receipt.
        options.add("-Xlog:gc:file=" + logDir.resolve(log.replace(".log", "-gc.log")) + ":time,uptime");
        ChildProcess child = ChildProcess.start(name, MAIN_CLASS, classpath, options, args, logDir.resolve(log));
        children.add(child);
        // The sampler is not thread-safe and the monitor samples it from its own thread.
        synchronized (sampler) {
            sampler.watch(name, child.pid());
        }
        return child;
    }

    /** Stops a child by name (SIGTERM, then SIGKILL after a grace period), if it runs. */
    void stop(String name) {
        for (ChildProcess child : children) {
            if (child.name().equals(name)) {
                child.close();
            }
        }
    }

    /**
     * Kills the running child of this name at once (SIGKILL), as a crash would: no shutdown hook,
     * no last commit. Returns its exit code.
     *
     * @throws IllegalStateException if no child of this name is running
     */
    int kill(String name) throws InterruptedException {
        ChildProcess child = latest(name);
        if (child == null || !child.isAlive()) {
            throw new IllegalStateException("no running process named " + name + " to kill");
        }
        return child.kill();
    }

    /**
     * Sends a signal ({@code STOP}, {@code CONT}, ...) to the running child of this name, through
     * the {@code kill} command: Java can only terminate a process, not freeze or thaw it.
     *
     * @throws IllegalStateException if no child of this name is running or the signal fails
     */
    void signal(String name, String signal) throws InterruptedException {
        ChildProcess child = latest(name);
        if (child == null || !child.isAlive()) {
            throw new IllegalStateException("no running process named " + name + " to signal");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + child.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        }
        log.info("sent SIG{} to {} (pid {})", signal, name, child.pid());
    }

    /** The child started last under a name (a restart replaces the one before), or null. */
    private ChildProcess latest(String name) {
        for (int i = children.size() - 1; i >= 0; i--) {
            if (children.get(i).name().equals(name)) {
                return children.get(i);
            }
        }
        return null;
    }

    /**
     * Records in the topics a group consumes not yet committed by it: the inputs and, for a stream
     * app, the FK join's repartition topics (named {@code <applicationId>-...-topic}).
     */
    long committedLag(String groupId) {
        Set<String> topics = new HashSet<>(Set.of(Topics.CUSTOMERS.name(), Topics.INVENTORY.name()));
        try {
            for (String topic : admin.listTopics().names().get()) {
                if (topic.startsWith(groupId + "-") && topic.endsWith(REPARTITION_SUFFIX)) {
                    topics.add(topic);
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing topics", e);
        }
        return GroupLag.committedLag(admin, groupId, topics);
    }

    /**
     * Waits until the group has committed everything it consumes. For a stream app with the sink,
     * commits wait for the endpoint's acknowledgement, so zero lag means delivered.
     *
     * @param app the child whose group it is: if it died, the lag will never reach zero
     * @throws TimeoutException if lag remains after the timeout
     * @throws IllegalStateException if the app's process has exited
     */
    void awaitZeroLag(String app, String groupId, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastFailure = null;
        while (true) {
            try {
                if (committedLag(groupId) == 0) {
                    return;
                }
                lastFailure = null;
            } catch (RuntimeException e) {
                // The broker may be restarting: ask again until the deadline.
                lastFailure = e;
            }
            requireAlive(app);
            if (System.nanoTime() > deadline) {
                TimeoutException timedOut = new TimeoutException(groupId + " still has lag after " + Durations.format(timeout)
                        + (lastFailure == null ? "" : " (lag unreadable: " + lastFailure.getMessage() + ")"));
                timedOut.initCause(lastFailure);
                throw timedOut;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** Whether the latest process under this name runs. */
    boolean isRunning(String name) {
        ChildProcess child = latest(name);
        return child != null && child.isAlive();
    }

    /** The latest process under this name must be running (an earlier one may have been killed on purpose). */
    private void requireAlive(String name) {
        ChildProcess child = latest(name);
        if (child != null && !child.isAlive()) {
            throw new IllegalStateException(name + " exited (code " + child.exitCode().orElse(-1)
                    + ") before its lag reached zero (log: " + child.logFile() + ")");
        }
    }

    /**
     * CPU time (user and system) the latest process of this name has used so far, in seconds; null
     * if no process of that name runs.
     */
    Double cpuSeconds(String name) {
        return seconds(name, ProcessSampler::cpuTicks);
    }

    /** The part of {@link #cpuSeconds} its JIT compiler threads used: how far from warm its code still is. */
    Double jitSeconds(String name) {
        return seconds(name, ProcessSampler::jitTicks);
    }

    private Double seconds(String name, LongFunction<Optional<Long>> ticksOfPid) {
        ChildProcess child = latest(name);
        if (child == null || !child.isAlive()) {
            return null;
        }
        return ticksOfPid.apply(child.pid()).map(ticks -> ticks / ProcessSampler.TICKS_PER_SECOND).orElse(null);
    }

    /** Records written to the output topic so far. */
    long outputRecords() {
        return GroupLag.endOffsetSum(admin, Topics.CUSTOMER_INVENTORY.name());
    }

    /** Whether the broker is up and the Admin client connected: before that, there is nothing to read. */
    boolean brokerStarted() {
        return admin != null;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    private static boolean isBroker(String name) {
        return name.equals(BROKER) || name.startsWith(BROKER + "_");
    }

    /** {@code http://host:port} of the endpoint. */
    String endpointUri() {
        return endpointUri;
    }

    EndpointClient endpoint() {
        return endpoint;
    }

    /**
     * Stops every child, newest first, the broker last (a restarted broker is newer than the apps
     * that use it, and they stop faster while it is there); also from a shutdown hook.
     */
    @Override
    public void close() {
        Admin client = admin;
        if (client != null) {
            client.close(CLIENT_TIMEOUT);
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            if (!isBroker(children.get(i).name())) {
                children.get(i).close();
            }
        }
        // The nodes of a cluster together: stopped one by one, the last would wait for a lost quorum.
        children.stream().filter(c -> isBroker(c.name())).parallel().forEach(ChildProcess::close);
        Path dataDir = brokerDataDir;
        if (dataDir != null) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                log.warn("could not delete {}: {}", dataDir, e.toString());
            }
        }
    }
}
