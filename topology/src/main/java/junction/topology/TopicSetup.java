package junction.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import junction.cli.Durations;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates and checks the four topics junction needs, with the settings it relies on.
 *
 * <p>What Kafka Streams requires of them: source topics must exist before the app starts (it
 * creates only its internal topics, and production clusters do not auto-create). The foreign-key
 * join does <em>not</em> need customers and inventory co-partitioned: Kafka Streams routes
 * through its own subscription and response topics, sized from the two inputs, so their
 * partition counts may differ. Partitions bound parallelism (one task per input partition), and
 * an input's count should not change once the app has run: keys would move to other partitions
 * and the internal topics no longer match. So the count is chosen at creation and never altered
 * here.
 *
 * <p>The inputs are tables and must be compacted only: with {@code delete} (or
 * {@code compact,delete}) retention, a customer unchanged for longer than the retention would be
 * missing from any state rebuilt from the topic. The output is compacted too (the latest merged
 * state per customer); the dead-letter topic keeps records for a week for someone to look at.
 * Those two are recommendations: a difference is a note, not a problem.
 */
public final class TopicSetup {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long the app's start-up check waits for Kafka, unless {@code --kafka default.api.timeout.ms}
     * says otherwise: the admin client would retry an unreachable broker for a minute, and a start
     * should say sooner that no broker answers.
     */
    static final Duration START_CHECK_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LEADER_POLL = Duration.ofMillis(50);

    /** How junction wants a topic; {@code required} says whether a different policy breaks it. */
    record Expected(String name, String cleanupPolicy, boolean required, Map<String, String> extraConfigs) {

        static Expected table(String name) {
            return new Expected(name, TopicConfig.CLEANUP_POLICY_COMPACT, true, Map.of());
        }

        /** The configs a new topic is created with. */
        Map<String, String> configs() {
            Map<String, String> configs = new HashMap<>(extraConfigs);
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
            return configs;
        }
    }

    /**
     * What a topic looks like on the cluster; {@code cleanupPolicy} is null and
     * {@code minInsyncReplicas} 0 when not readable.
     */
    public record Found(int partitions, int replication, String cleanupPolicy, int minInsyncReplicas) {

        public Found(int partitions, int replication, String cleanupPolicy) {
            this(partitions, replication, cleanupPolicy, 0);
        }
    }

    /**
     * How many copies each partition has ({@code replication.factor}) and how many must hold a
     * write before an {@code acks=all} producer hears it is stored ({@code min.insync.replicas}).
     */
    public record Replication(short factor, int minInsyncReplicas) {

        public Replication {
            if (factor < 1) {
                throw new IllegalArgumentException("--replication-factor must be at least 1, was " + factor);
            }
            if (minInsyncReplicas < 1 || minInsyncReplicas > factor) {
                throw new IllegalArgumentException("--min-insync-replicas must be 1.." + factor
                        + " (the replication factor), was " + minInsyncReplicas);
            }
        }

        /**
         * This many copies with the usual quorum: 2 in sync of 3 or more (one broker may be lost
         * without refusing writes or losing an acknowledged one), else 1.
         */
        public static Replication of(short factor) {
            return new Replication(factor, factor >= 3 ? 2 : 1);
        }

        /**
         * The production-safe default on a cluster of this many brokers: 3 copies, 2 in sync, from
         * 3 brokers on; one copy per broker below that (a single node can only hold one).
         */
        public static Replication forBrokers(int brokers) {
            return of((short) Math.max(1, Math.min(3, brokers)));
        }

        /**
         * Kafka Streams settings giving its internal topics (changelogs, the FK join's
         * subscription and response topics) this replication; Streams' own default (-1) would take
         * the broker's {@code default.replication.factor}, which is 1 unless someone set it.
         */
        public Map<String, String> streamsSettings() {
            return Map.of("replication.factor", Short.toString(factor),
                    "topic." + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        }
    }

    /**
     * The start-up check's outcome: what stops the app (empty when it can run), and the input
     * tables' replication, which the app's internal topics are to get too (null if one is missing).
     */
    public record StartCheck(List<String> problems, Replication inputs) {
    }

    /** One topic's state after {@link #create} or {@link #inspect}, with what is wrong and what is merely unusual. */
    public record TopicReport(String topic, State state, Found found, List<String> problems, List<String> notes) {

        public enum State { CREATED, EXISTS, MISSING }

        public boolean ok() {
            return problems.isEmpty();
        }

        /** One human line, e.g. {@code customers: created (6 partitions, replication 1, cleanup.policy=compact)}. */
        public String line() {
            StringBuilder line = new StringBuilder(topic).append(": ");
            if (state == State.MISSING) {
                return line.append("missing").toString();
            }
            line.append(state == State.CREATED ? "created" : ok() ? "ok" : "exists")
                    .append(" (").append(found.partitions()).append(" partitions, replication ")
                    .append(found.replication())
                    .append(found.minInsyncReplicas() > 0 ? ", min.insync.replicas=" + found.minInsyncReplicas() : "")
                    .append(", cleanup.policy=")
                    .append(found.cleanupPolicy() == null ? "unknown" : found.cleanupPolicy()).append(')');
            problems.forEach(p -> line.append("; PROBLEM: ").append(p));
            notes.forEach(n -> line.append("; note: ").append(n));
            return line.toString();
        }
    }

    /** Kafka did not answer, or refused: the message names the step and the cause in one line. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Admin admin;
    private final List<Expected> expected;
    private final Duration timeout;

    /** The topics named in {@code config}: its inputs, output and dead-letter topic. */
    public TopicSetup(Admin admin, AppConfig config) {
        this(admin, config, TIMEOUT);
    }

    /** As above, giving up on each request to Kafka after {@code timeout}. */
    TopicSetup(Admin admin, AppConfig config, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
        this.expected = List.of(
                Expected.table(config.customersTopic()),
                Expected.table(config.inventoryTopic()),
                new Expected(config.outputTopic(), TopicConfig.CLEANUP_POLICY_COMPACT, false, Map.of()),
                new Expected(config.deadLetterTopic(), TopicConfig.CLEANUP_POLICY_DELETE, false, Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION.toMillis()))));
    }

    /**
     * Creates the topics that are missing and reports on all of them. Existing topics are left as
     * they are; a partition count or replication other than asked is noted, a cleanup policy that
     * breaks junction is a problem. Returns once the created topics have leaders, so clients can
     * use them at once.
     */
    public List<TopicReport> create(int partitions, short replicationFactor) {
        return create(partitions, Replication.of(replicationFactor));
    }

    /** Like {@link #create(int, short)}, with {@code min.insync.replicas} set on each new topic. */
    public List<TopicReport> create(int partitions, Replication replication) {
        short replicationFactor = replication.factor();
        Map<String, Found> before = describe();
        List<NewTopic> missing = new ArrayList<>();
        for (Expected e : expected) {
            if (!before.containsKey(e.name())) {
                Map<String, String> configs = e.configs();
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replication.minInsyncReplicas()));
                missing.add(new NewTopic(e.name(), partitions, replicationFactor).configs(configs));
            }
        }
        Set<String> created = createAll(missing);
        awaitLeaders(created);
        Map<String, Found> after = created.isEmpty() ? before : describeIncluding(created);
        List<TopicReport> reports = new ArrayList<>();
        for (Expected e : expected) {
            TopicReport report = evaluate(e, after.get(e.name()), created.contains(e.name()));
            reports.add(created.contains(e.name()) ? report : withAskedSizes(report, partitions, replicationFactor));
        }
        return reports;
    }

    /** How many brokers the cluster has now (the controller's view of registered, unfenced ones). */
    public int brokers() {
        return await(admin.describeCluster().nodes(), "describe the cluster").size();
    }

    /** Every topic as it is now, without changing anything. */
    public List<TopicReport> inspect() {
        Map<String, Found> found = describe();
        return expected.stream().map(e -> evaluate(e, found.get(e.name()), false)).toList();
    }

    /**
     * What stops junction from running on these topics, one line each; empty when it can run.
     * The missing topics share one line, e.g. {@code missing topics: customers, junction-dlq}.
     */
    public List<String> check() {
        return problems(inspect());
    }

    /**
     * {@link #check()} against the cluster {@code config} names, with its Kafka passthrough
     * (security settings included), for the app to run before it starts; gives up after
     * {@link #START_CHECK_TIMEOUT} or the passthrough's {@code default.api.timeout.ms}.
     *
     * @throws ConfigException if the passthrough holds an invalid admin client setting
     * @throws Failure if Kafka cannot be reached or refuses
     */
    public static StartCheck check(AppConfig config) {
        Map<String, Object> adminConfig = startCheckAdminConfig(config);
        Duration timeout = Duration.ofMillis((Integer) AdminClientConfig.configDef().parse(adminConfig)
                .get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        Admin admin;
        try {
            admin = Admin.create(adminConfig);
        } catch (KafkaException e) {
            // e.g. "No resolvable bootstrap urls given in bootstrap.servers": the cause says it best.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Failure("cannot create an admin client: " + cause.getMessage(), e);
        }
        try {
            TopicSetup setup = new TopicSetup(admin, config, timeout);
            List<TopicReport> reports = setup.inspect();
            return new StartCheck(problems(reports), inputReplication(reports.get(0).found()));
        } finally {
            // Requests still pending towards an unreachable broker would hold the close for a minute.
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * The admin client's own settings from the app's (the rest of the passthrough is for Streams and
     * would be logged as unknown), with the start-up check's timeout unless the passthrough sets one.
     *
     * @throws ConfigException if the passthrough holds an invalid admin client setting
     */
    static Map<String, Object> startCheckAdminConfig(AppConfig config) {
        Map<String, Object> adminConfig = ClientProperties.of(config.streamsProperties(), AdminClientConfig.configNames());
        // Checked as given, so an error names the setting the operator wrote.
        AdminClientConfig.configDef().parse(adminConfig);
        String apiTimeout = AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG;
        String requestTimeout = AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG;
        // The admin client refuses an API timeout below the request timeout, so set them together.
        if (!adminConfig.containsKey(apiTimeout) && !adminConfig.containsKey(requestTimeout)) {
            adminConfig.put(apiTimeout, (int) START_CHECK_TIMEOUT.toMillis());
            adminConfig.put(requestTimeout, (int) START_CHECK_TIMEOUT.toMillis());
        } else if (!adminConfig.containsKey(requestTimeout)) {
            adminConfig.put(requestTimeout, adminConfig.get(apiTimeout));
        }
        return adminConfig;
    }

    /** The customers topic's replication (the first expected topic), its min.insync.replicas if readable. */
    static Replication inputReplication(Found customers) {
        if (customers == null || customers.replication() < 1) {
            return null;
        }
        short factor = (short) customers.replication();
        int minInsync = customers.minInsyncReplicas();
        return minInsync >= 1 && minInsync <= factor ? new Replication(factor, minInsync) : Replication.of(factor);
    }

    static List<String> problems(List<TopicReport> reports) {
        List<String> missing = reports.stream().filter(r -> r.state() == TopicReport.State.MISSING)
                .map(TopicReport::topic).toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing topics: " + String.join(", ", missing));
        }
        reports.stream().filter(r -> r.state() != TopicReport.State.MISSING)
                .forEach(r -> r.problems().forEach(p -> problems.add(r.topic() + ": " + p)));
        return problems;
    }

    /** The rules, apart from Kafka: what is wrong with a topic found like this, and what is unusual. */
    static TopicReport evaluate(Expected e, Found found, boolean created) {
        if (found == null) {
            return new TopicReport(e.name(), TopicReport.State.MISSING, null, List.of("topic is missing"), List.of());
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (found.cleanupPolicy() == null) {
            notes.add("cleanup.policy not readable (no DescribeConfigs permission?), not checked");
        } else if (!found.cleanupPolicy().equals(e.cleanupPolicy())) {
            String difference = "cleanup.policy is " + found.cleanupPolicy() + ", junction expects " + e.cleanupPolicy();
            if (e.required()) {
                problems.add(difference + ": an input table must keep every key's latest record"
                        + " (kafka-configs.sh --alter --entity-type topics --entity-name " + e.name()
                        + " --add-config cleanup.policy=compact)");
            } else {
                notes.add(difference);
            }
        }
        return new TopicReport(e.name(), created ? TopicReport.State.CREATED : TopicReport.State.EXISTS,
                found, List.copyOf(problems), List.copyOf(notes));
    }

    /** An existing topic sized differently from what was asked is left alone, and said so. */
    static TopicReport withAskedSizes(TopicReport report, int partitions, short replicationFactor) {
        if (report.state() == TopicReport.State.MISSING) {
            return report;
        }
        List<String> notes = new ArrayList<>(report.notes());
        if (report.found().partitions() != partitions) {
            notes.add(report.found().partitions() + " partitions, not the " + partitions
                    + " asked; left as is (adding partitions moves keys)");
        }
        if (report.found().replication() != replicationFactor) {
            notes.add("replication " + report.found().replication() + ", not the " + replicationFactor + " asked; left as is");
        }
        return new TopicReport(report.topic(), report.state(), report.found(), report.problems(), List.copyOf(notes));
    }

    /** The junction topics that exist, with their sizes and cleanup policy. */
    private Map<String, Found> describe() {
        Map<String, TopicDescription> descriptions = new LinkedHashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : admin.describeTopics(names()).topicNameValues().entrySet()) {
            try {
                descriptions.put(e.getKey(), await(e.getValue(), "describe topic " + e.getKey()));
            } catch (Failure f) {
                if (!(f.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw f;
                }
            }
        }
        Map<String, Config> configs = topicConfigs(descriptions.keySet());
        Map<String, Found> found = new HashMap<>();
        descriptions.forEach((name, d) -> found.put(name, new Found(d.partitions().size(),
                d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size(),
                value(configs.get(name), TopicConfig.CLEANUP_POLICY_CONFIG),
                minInsync(value(configs.get(name), TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)))));
        return found;
    }

    private static String value(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }

    private static int minInsync(String value) {
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Each topic's configs; none when the principal may not read topic configs. */
    private Map<String, Config> topicConfigs(Set<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = await(admin.describeConfigs(resources).all(), "read the configs of " + topics);
        } catch (Failure f) {
            if (f.getCause() instanceof AuthorizationException) {
                return Map.of();
            }
            throw f;
        }
        Map<String, Config> byTopic = new HashMap<>();
        configs.forEach((resource, config) -> byTopic.put(resource.name(), config));
        return byTopic;
    }

    /** Creates the topics; one created meanwhile by someone else counts as existing. */
    private Set<String> createAll(List<NewTopic> topics) {
        if (topics.isEmpty()) {
            return Set.of();
        }
        Set<String> created = new HashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(topics).values().entrySet()) {
            try {
                await(e.getValue(), "create topic " + e.getKey());
                created.add(e.getKey());
            } catch (Failure f) {
                if (!(f.getCause() instanceof TopicExistsException)) {
                    throw f;
                }
            }
        }
        return created;
    }

    /**
     * The controller acknowledges a new topic before every broker has its metadata, so a client
     * asking at once may hear "unknown topic": wait until each partition has a leader.
     */
    private void awaitLeaders(Set<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                boolean ready = await(admin.describeTopics(topics).allTopicNames(), "describe " + topics).values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    return;
                }
            } catch (Failure f) {
                if (!(f.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw f;
                }
                // Not visible on the broker we asked yet: ask again below.
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("topics " + topics + " have no leaders after " + Durations.format(timeout), null);
            }
            LockSupport.parkNanos(LEADER_POLL.toNanos());
        }
    }

    /**
     * {@link #describe()} once it shows every topic of {@code created}: on a cluster each broker
     * applies new metadata on its own, and the one asked after {@link #awaitLeaders} may not know a
     * topic yet (a 3-node test saw one created topic reported missing).
     */
    private Map<String, Found> describeIncluding(Set<String> created) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Found> found = describe();
        while (!found.keySet().containsAll(created) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(LEADER_POLL.toNanos());
            found = describe();
        }
        return found;
    }

    private List<String> names() {
        return expected.stream().map(Expected::name).toList();
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // The admin client's own deadline ("Timed out waiting for a node assignment...").
                throw new Failure("cannot " + what + ": no answer from Kafka within " + Durations.format(timeout), e.getCause());
            }
            throw new Failure("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new Failure("cannot " + what + ": no answer from Kafka within " + Durations.format(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while trying to " + what, e);
        }
    }
}
