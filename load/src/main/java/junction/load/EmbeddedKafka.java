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
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running in this JVM, for the
 * demo, the end-to-end test and benchmarks. A given data directory survives {@link #close()}, so
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
     */
    public record Options(int port, Path dataDir, int defaultPartitions, Map<String, String> saslUsers) {

        public Options(int port, Path dataDir, int defaultPartitions) {
            this(port, dataDir, defaultPartitions, Map.of());
        }

        public Options {
            saslUsers = Map.copyOf(saslUsers);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1");
            }
        }

        public static Options defaults() {
            return new Options(0, null, 6);
        }

        public Options withPort(int newPort) {
            return new Options(newPort, dataDir, defaultPartitions, saslUsers);
        }

        public Options withDataDir(Path newDataDir) {
            return new Options(port, newDataDir, defaultPartitions, saslUsers);
        }

        public Options withDefaultPartitions(int partitions) {
            return new Options(port, dataDir, partitions, saslUsers);
        }

        /** A SASL_PLAINTEXT (PLAIN) listener too, accepting these users; see {@link #saslBootstrapServers()}. */
        public Options withSaslUsers(Map<String, String> users) {
            return new Options(port, dataDir, defaultPartitions, users);
        }
    }

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final String bootstrapServers;
    private final String saslBootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean temporary, int port, int saslPort) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.bootstrapServers = "localhost:" + port;
        this.saslBootstrapServers = saslPort == 0 ? null : "localhost:" + saslPort;
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

    private static EmbeddedKafka startOnFreePorts(Options options, Path dir, boolean temporary) {
        int port = options.port() == 0 ? freePort() : options.port();
        int controllerPort = freePort();
        int saslPort = options.saslUsers().isEmpty() ? 0 : freePort();
        Properties props = brokerProperties(port, controllerPort, dir, options.defaultPartitions());
        if (saslPort != 0) {
            addSaslListener(props, saslPort, options.saslUsers());
        }
        formatIfNeeded(props, dir);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        log.info("Kafka started on localhost:{} (controller {}), data in {}", port, controllerPort, dir);
        return new EmbeddedKafka(server, dir, temporary, port, saslPort);
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

    /** A directory already holding meta.properties is formatted: reuse it as it is. */
    private static void formatIfNeeded(Properties props, Path dir) {
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
                String[] args = {"format", "--standalone", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()};
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

    /** Creates the topics with one replica and delete cleanup; topics that already exist are left as they are. */
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
            topics.add(new NewTopic(name, partitions, (short) 1).configs(configs));
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
     * asking at once may hear "unknown topic": return only once every partition has a leader.
     */
    private static void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
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

    /** Blocks until the broker has shut down (by {@link #close()} from another thread). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Shuts the broker down cleanly; deletes the data directory if it was a temporary one. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteQuietly(dataDir);
        }
    }

    private static int freePort() {
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
