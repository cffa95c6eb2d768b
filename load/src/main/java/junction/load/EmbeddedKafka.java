package junction.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka (KRaft) running in this JVM, for the demo, the end-to-end test and benchmarks: a
 * single combined broker and controller, or several such nodes forming one cluster with a
 * controller quorum of all of them ({@link KafkaNodes}); or one node of such a cluster whose
 * other nodes run in other processes ({@link #startNode}), so a benchmark can kill one. A given data directory survives {@link #close()}, so
 * a broker started again on it finds its topics and records; without one, a temporary directory
 * is used and deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How to start the broker.
     *
     * @param port client (PLAINTEXT) port; 0 picks a free one
     * @param dataDir log directory, kept on close and reused if already formatted; null for a
     *     temporary directory deleted on close
     * @param defaultPartitions partitions of topics created without an explicit count
     * @param saslUsers users (name to password) of an extra SASL_PLAINTEXT listener with the PLAIN
     *     mechanism; empty for none. The PLAINTEXT listener stays, for the broker itself and tools.
     * @param nodes how many nodes: 1, or a cluster whose client ports follow {@code port} (free
     *     ones for port 0) and whose topics get 3 replicas (2 in sync) from 3 nodes on
     */
    public record Options(int port, Path dataDir, int defaultPartitions, Map<String, String> saslUsers, int nodes) {

        public Options(int port, Path dataDir, int defaultPartitions) {
            this(port, dataDir, defaultPartitions, Map.of(), 1);
        }

        public Options {
            saslUsers = Map.copyOf(saslUsers);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1");
            }
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
            }
            if (nodes > 1 && !saslUsers.isEmpty()) {
                throw new IllegalArgumentException("a SASL listener is offered on a single node only");
            }
        }

        public static Options defaults() {
            return new Options(0, null, 6);
        }

        public Options withPort(int newPort) {
            return new Options(newPort, dataDir, defaultPartitions, saslUsers, nodes);
        }

        public Options withDataDir(Path newDataDir) {
            return new Options(port, newDataDir, defaultPartitions, saslUsers, nodes);
        }

        public Options withDefaultPartitions(int partitions) {
            return new Options(port, dataDir, partitions, saslUsers, nodes);
        }

        /** A SASL_PLAINTEXT (PLAIN) listener too, accepting these users; see {@link #saslBootstrapServers()}. */
        public Options withSaslUsers(Map<String, String> users) {
            return new Options(port, dataDir, defaultPartitions, users, nodes);
        }

        /** A cluster of this many nodes in this JVM. */
        public Options withNodes(int count) {
            return new Options(port, dataDir, defaultPartitions, saslUsers, count);
        }
    }

    private final List<KafkaRaftServer> servers;
    private final Path dataDir;
    private final boolean temporary;
    private final String bootstrapServers;
    private final String saslBootstrapServers;
    private final short replicationFactor;
    private final int minInsyncReplicas;

    private EmbeddedKafka(List<KafkaRaftServer> servers, Path dataDir, boolean temporary, String bootstrapServers,
            int saslPort, short replicationFactor, int minInsyncReplicas) {
        this.servers = List.copyOf(servers);
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslPort == 0 ? null : "localhost:" + saslPort;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** Starts a broker with {@link Options#defaults()}. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /** Formats the data directory if needed, starts the broker and waits until it serves clients. */
    public static EmbeddedKafka start(Options options) {
        boolean temporary = options.dataDir() == null;
        Path dir = temporary ? createTempDir() : options.dataDir();
        try {
            EmbeddedKafka kafka;
            try {
                kafka = startOnFreePorts(options, dir, temporary);
            } catch (RuntimeException e) {
                if (!causedByBindClash(e)) {
                    throw e;
                }
                // The free ports we picked were taken between probing and binding: pick again, once.
                log.warn("port clash while starting Kafka, retrying on other ports: {}", e.toString());
                if (options.nodes() > 1) {
                    // A cluster id is formatted in: the retry formats new directories.
                    deleteQuietly(dir);
                }
                kafka = startOnFreePorts(options, dir, temporary);
            }
            kafka.awaitReady();
            return kafka;
        } catch (RuntimeException e) {
            if (temporary) {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    /**
     * Starts one node of a cluster whose other nodes run elsewhere (other processes), on its own
     * data directory (formatted on first use); returns once it serves clients, which takes a
     * majority of the nodes to be up.
     */
    public static EmbeddedKafka startNode(KafkaNodes cluster, int nodeId, Path dataDir, int defaultPartitions) {
        EmbeddedKafka kafka = startNodes(cluster, List.of(nodeId), dataDir, false, defaultPartitions);
        kafka.awaitReady();
        return kafka;
    }

    private static EmbeddedKafka startOnFreePorts(Options options, Path dir, boolean temporary) {
        if (options.nodes() > 1) {
            KafkaNodes cluster = KafkaNodes.onFreePorts(options.nodes(), options.port());
            return startNodes(cluster, cluster.nodes().stream().map(KafkaNodes.Node::id).toList(), dir, temporary,
                    options.defaultPartitions());
        }
        int port = options.port() == 0 ? freePort() : options.port();
        int controllerPort = freePort();
        int saslPort = options.saslUsers().isEmpty() ? 0 : freePort();
        Properties props = brokerProperties(port, controllerPort, dir, options.defaultPartitions());
        if (saslPort != 0) {
            addSaslListener(props, saslPort, options.saslUsers());
        }
        formatIfNeeded(props, dir, Uuid.randomUuid().toString(), List.of("--standalone"));
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        log.info("Kafka started on localhost:{} (controller {}), data in {}", port, controllerPort, dir);
        return new EmbeddedKafka(List.of(server), dir, temporary, "localhost:" + port, saslPort, (short) 1, 1);
    }

    /**
     * Starts these nodes of the cluster in this JVM, each in {@code dir/node-<id>}. They start
     * together: a node's start-up waits for a controller leader, which takes a majority.
     */
    private static EmbeddedKafka startNodes(KafkaNodes cluster, List<Integer> ids, Path dir, boolean temporary,
            int partitions) {
        List<KafkaRaftServer> servers = new ArrayList<>();
        for (int id : ids) {
            Path nodeDir = dir.resolve("node-" + id);
            Properties props = nodeProperties(cluster, id, nodeDir, partitions);
            formatIfNeeded(props, nodeDir, cluster.clusterId(), List.of());
            servers.add(new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM));
        }
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        List<Thread> starting = new ArrayList<>();
        for (KafkaRaftServer server : servers) {
            Thread thread = new Thread(() -> {
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "kafka-node-startup");
            thread.start();
            starting.add(thread);
        }
        joinAll(starting);
        if (!failures.isEmpty()) {
            shutdownAll(servers);
            throw failures.get(0);
        }
        log.info("Kafka nodes {} of cluster {} started (bootstrap {}), data in {}", ids, cluster.clusterId(),
                cluster.bootstrapServers(), dir);
        return new EmbeddedKafka(servers, dir, temporary, cluster.bootstrapServers(), 0,
                cluster.replicationFactor(), cluster.minInsyncReplicas());
    }

    /**
     * One node of a cluster: broker and controller, with every node a voter of a static quorum,
     * and internal topics (offsets, transactions) replicated as the data topics are, so the loss
     * of one node loses no committed offset either.
     */
    private static Properties nodeProperties(KafkaNodes cluster, int id, Path dir, int partitions) {
        KafkaNodes.Node node = cluster.node(id);
        Properties p = brokerProperties(node.port(), node.controllerPort(), dir, partitions);
        p.put("node.id", Integer.toString(id));
        p.remove("controller.quorum.bootstrap.servers");
        p.put("controller.quorum.voters", cluster.quorumVoters());
        String replicas = Short.toString(cluster.replicationFactor());
        String minInsync = Integer.toString(cluster.minInsyncReplicas());
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInsync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInsync);
        // Topics created without explicit settings (Kafka Streams' internal ones, by default) get the same.
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInsync);
        return p;
    }

    private static void joinAll(List<Thread> threads) {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
    }

    /** Shuts the servers down together: one by one, the last ones would wait for a quorum already gone. */
    private static void shutdownAll(List<KafkaRaftServer> servers) {
        List<Thread> stopping = new ArrayList<>();
        for (KafkaRaftServer server : servers) {
            Thread thread = new Thread(() -> {
                server.shutdown();
                server.awaitShutdown();
            }, "kafka-node-shutdown");
            thread.start();
            stopping.add(thread);
        }
        joinAll(stopping);
    }

    /** A SASL_PLAINTEXT listener with PLAIN; the brokers keep talking to each other over PLAINTEXT. */
    private static void addSaslListener(Properties p, int saslPort, Map<String, String> users) {
        p.put("listeners", p.getProperty("listeners") + ",SASL_PLAINTEXT://localhost:" + saslPort);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    }

    private static Properties brokerProperties(int port, int controllerPort, Path dir, int partitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(partitions));
        // A single node: every internal topic must do with one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers and stream apps join at once instead of waiting 3 s for companions.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose, with their partitions and cleanup policy.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /**
     * A directory already holding meta.properties is formatted: reuse it as it is. A single node
     * formats {@code --standalone} (a dynamic quorum of itself); the nodes of a cluster name their
     * static voters in their properties and need no flag.
     */
    private static void formatIfNeeded(Properties props, Path dir, String clusterId, List<String> quorumFlags) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path config = Files.createTempFile("junction-kafka", ".properties");
            try {
                try (OutputStream out = Files.newOutputStream(config)) {
                    props.store(out, "junction embedded Kafka");
                }
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                List<String> format = new ArrayList<>(List.of("format"));
                format.addAll(quorumFlags);
                format.addAll(List.of("-t", clusterId, "-c", config.toString()));
                String[] args = format.toArray(String[]::new);
                int status;
                try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                    status = StorageTool.execute(args, printer);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot format " + dir + ": " + output.toString(StandardCharsets.UTF_8), e);
                }
                if (status != 0) {
                    throw new IllegalStateException("formatting " + dir + " failed (" + status + "): "
                            + output.toString(StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("Kafka did not become ready within " + READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** {@code localhost:<port>} for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code localhost:port} of the SASL_PLAINTEXT (PLAIN) listener, or null without one. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    /** The log directory (a temporary one unless given in the options). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the topics with delete cleanup, one replica on a single node and 3 (2 in sync) on a
     * cluster of 3 or more; topics that already exist are left as they are.
     */
    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /** Like {@link #createTopics(int, String...)} with {@code cleanup.policy=compact}, for input tables. */
    public void createCompactedTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), names);
    }

    private void createTopics(int partitions, Map<String, String> configs, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            Map<String, String> withReplication = new HashMap<>(configs);
            withReplication.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
            topics.add(new NewTopic(name, partitions, replicationFactor).configs(withReplication));
        }
        try (Admin admin = admin()) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                awaitCreated(created.getKey(), created.getValue());
            }
            awaitLeaders(admin, List.of(names));
        }
    }

    /**
     * The controller acknowledges a topic before the broker has applied its metadata, so a client
     * asking at once may hear "unknown topic": return only once every partition has a leader, and
     * that leader serves it. A broker publishes new metadata to its cache before its replica
     * manager opens the partitions, so a leader in the metadata may still answer a produce with
     * NOT_LEADER_OR_FOLLOWER; an idempotent producer whose second batch then lands first retries
     * its first one forever (OutOfOrderSequence, seen on a loaded machine). ListOffsets is answered
     * by the replica manager, so it succeeds only once the partitions are open.
     */
    private static void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                List<TopicPartitionInfo> partitions = new ArrayList<>();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions().forEach(p -> {
                    partitions.add(p);
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                }));
                boolean ready = partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    admin.listOffsets(latest).all().get();
                    return;
                }
            } catch (ExecutionException e) {
                // Not visible yet: ask again below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + names, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leaders after " + ADMIN_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static void awaitCreated(String name, KafkaFuture<Void> future) {
        try {
            future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Blocks until every node has shut down (by {@link #close()} from another thread). */
    public void awaitShutdown() {
        servers.forEach(KafkaRaftServer::awaitShutdown);
    }

    /** How many nodes run in this JVM. */
    public int nodes() {
        return servers.size();
    }

    /** Shuts the nodes down cleanly; deletes the data directory if it was a temporary one. */
    @Override
    public void close() {
        shutdownAll(servers);
        if (temporary) {
            deleteQuietly(dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static boolean causedByBindClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("junction-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
