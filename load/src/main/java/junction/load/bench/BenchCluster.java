package junction.load.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import junction.cli.Durations;
import junction.load.EndpointClient;
import junction.load.EndpointCommand;
import junction.load.Junction;
import junction.model.Topics;
import junction.topology.Offsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;

/**
 * The processes a benchmark measures, each a child JVM on this classpath started through
 * {@code junction.load.Junction}: the broker, the analytics endpoint and stream apps, plus the
 * clients the benchmark reads them with (Admin for offsets, {@link EndpointClient} for
 * {@code /stats} and {@code /view}). Closing it stops every child it started, newest first.
 */
final class BenchCluster implements AutoCloseable {

    static final String MAIN_CLASS = Junction.class.getName();
    static final String ENDPOINT_LATENCY_OPTION = "--endpoint-latency";
    private static final Pattern BROKER_READY = Pattern.compile("broker ready: bootstrap.servers=(\\S+)");
    private static final Pattern ENDPOINT_READY = Pattern.compile("endpoint ready: (http://\\S+)/ingest");
    private static final Pattern APP_OPS = Pattern.compile("ops endpoints: (http://\\S+)/metrics");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Repartition topics of the FK join end so; changelogs (restored, never consumed by the group) do not. */
    private static final String REPARTITION_SUFFIX = "-topic";

    /** JVM options of a child; the app's heap comes from the settings. */
    private static final List<String> SERVICE_JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");

    private final Path logDir;
    private final String classpath;
    private final ProcessSampler sampler;
    /** Written by the driving thread, read by a shutdown hook's {@link #close()}. */
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
    private volatile String bootstrapServers;
    private volatile Admin admin;
    private volatile String endpointUri;
    private volatile EndpointClient endpoint;

    /** @param classpath the children's classpath (see {@link ClasspathSnapshot}) */
    BenchCluster(Path logDir, String classpath, ProcessSampler sampler) {
        this.logDir = logDir;
        this.classpath = classpath;
        this.sampler = sampler;
    }

    /** Whether the endpoint command can add latency per request (an option a colleague adds). */
    static boolean endpointCanAddLatency() {
        return new CommandLine(new EndpointCommand()).getCommandSpec().findOption(ENDPOINT_LATENCY_OPTION) != null;
    }

    /** Starts the broker with junction's topics and connects the Admin client to it. */
    void startBroker(int partitions) throws TimeoutException, InterruptedException {
        ChildProcess broker = start("broker", SERVICE_JVM,
                List.of("broker", "--port", "0", "--partitions", Integer.toString(partitions)));
        bootstrapServers = broker.awaitLine(BROKER_READY, START_TIMEOUT).group(1);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Starts the analytics endpoint, replacing one already running, with this latency per request.
     *
     * @throws IllegalStateException if a latency is asked for and the endpoint cannot add one
     */
    void startEndpoint(Duration latency) throws TimeoutException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("endpoint", "--port", "0"));
        if (!latency.isZero()) {
            if (!endpointCanAddLatency()) {
                throw new IllegalStateException("this scenario needs an endpoint latency of "
                        + Durations.format(latency) + ", and `junction endpoint` has no " + ENDPOINT_LATENCY_OPTION);
            }
            args.addAll(List.of(ENDPOINT_LATENCY_OPTION, Durations.format(latency)));
        }
        stop("endpoint");
        ChildProcess child = start("endpoint", SERVICE_JVM, args);
        endpointUri = child.awaitLine(ENDPOINT_READY, START_TIMEOUT).group(1);
        endpoint = new EndpointClient(endpointUri, CLIENT_TIMEOUT);
    }

    /**
     * Starts a stream app under a process name (e.g. "app_bare") and returns once it is ready
     * (streams RUNNING), so what follows measures processing, not JVM start-up.
     *
     * @param sink false for a bare join to the output topic
     */
    void startApp(String name, String applicationId, boolean sink, BenchSettings settings, Path stateDir)
            throws TimeoutException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx" + settings.appHeap(), "-XX:+UseG1GC"));
        jvm.addAll(settings.appJvmOptions());
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", bootstrapServers,
                "--endpoint", endpointUri + "/ingest", "--application-id", applicationId,
                "--state-dir", stateDir.toString(), "--metrics-port", "0"));
        if (!sink) {
            args.add("--no-sink");
        }
        args.addAll(settings.appOptions());
        ChildProcess app = start(name, jvm, args);
        String ops = app.awaitLine(APP_OPS, START_TIMEOUT).group(1);
        awaitReady(app, URI.create(ops + "/health/ready"));
    }

    private void awaitReady(ChildProcess app, URI ready) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(ready).timeout(CLIENT_TIMEOUT).GET().build();
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not answering yet, or restarting its server: ask again.
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

    /** Starts a child; a name started before (a restarted endpoint) gets a numbered log of its own. */
    private ChildProcess start(String name, List<String> jvm, List<String> args) {
        long earlier = children.stream().filter(c -> c.name().equals(name)).count();
        String log = earlier == 0 ? name + ".log" : name + "-" + (earlier + 1) + ".log";
        ChildProcess child = ChildProcess.start(name, MAIN_CLASS, classpath, jvm, args, logDir.resolve(log));
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
        return Offsets.committedLag(admin, groupId, topics);
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
        while (committedLag(groupId) > 0) {
            requireAlive(app);
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(groupId + " still has lag after " + Durations.format(timeout));
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private void requireAlive(String name) {
        for (ChildProcess child : children) {
            if (child.name().equals(name) && !child.isAlive()) {
                throw new IllegalStateException(name + " exited (code " + child.exitCode().orElse(-1)
                        + ") before its lag reached zero (log: " + child.logFile() + ")");
            }
        }
    }

    /** Records written to the output topic so far. */
    long outputRecords() {
        return Offsets.endOffsetSum(admin, Topics.CUSTOMER_INVENTORY.name());
    }

    /** Whether the broker is up and the Admin client connected: before that, there is nothing to read. */
    boolean brokerStarted() {
        return admin != null;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code http://host:port} of the endpoint. */
    String endpointUri() {
        return endpointUri;
    }

    EndpointClient endpoint() {
        return endpoint;
    }

    /** Stops every child, newest first (apps before the endpoint and the broker they use); also from a shutdown hook. */
    @Override
    public void close() {
        Admin client = admin;
        if (client != null) {
            client.close(CLIENT_TIMEOUT);
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
    }
}
