package junction.load;

import static junction.load.KafkaTestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import junction.cli.Cli;
import junction.cli.CommandLines;
import junction.load.cli.Harness;
import junction.model.Topics;
import junction.topology.RunCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code ./junction topics create|check} against a real broker; each test starts without its topics:
 * it names its own ({@code --customers-topic} and the others) on the JVM's shared broker.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class TopicsCommandTest {

    private static EmbeddedKafka kafka;
    private static Admin admin;

    /** This test's topics, in the order the command reports them: customers, inventory, output, dead letters. */
    private List<String> topics;

    record Outcome(int exitCode, List<String> out, String err) {
    }

    @BeforeAll
    static void start(EmbeddedKafka shared) {
        kafka = shared;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @BeforeEach
    void withoutItsTopics() throws Exception {
        String prefix = SharedKafka.uniqueName("topics");
        topics = List.of(prefix + "-" + Topics.CUSTOMERS.name(), prefix + "-" + Topics.INVENTORY.name(),
                prefix + "-" + Topics.CUSTOMER_INVENTORY.name(), prefix + "-" + Topics.DEAD_LETTERS.name());
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).doesNotContainAnyElementsOf(topics);
    }

    private String customers() {
        return topics.get(0);
    }

    private String inventory() {
        return topics.get(1);
    }

    private String output() {
        return topics.get(2);
    }

    private String deadLetters() {
        return topics.get(3);
    }

    /** The flags that point a command at this test's topics. */
    private String[] topicFlags() {
        return new String[] {"--customers-topic", customers(), "--inventory-topic", inventory(),
            "--output-topic", output(), "--dead-letter-topic", deadLetters()};
    }

    /** Runs {@code ./junction topics ...} as the launcher does, through the root command. */
    private static Outcome junction(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Harness())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Outcome(code, out.toString().lines().toList(), err.toString());
    }

    private Outcome topics(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of("topics", command, "--bootstrap-servers=" + kafka.bootstrapServers()));
        args.addAll(List.of(topicFlags()));
        args.addAll(List.of(extra));
        return junction(args.toArray(String[]::new));
    }

    private static Map<String, String> configOf(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
                TopicConfig.RETENTION_MS_CONFIG, config.get(TopicConfig.RETENTION_MS_CONFIG).value());
    }

    private static int partitionsOf(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
    }

    @Test
    void createMakesEveryTopicWithItsSettingsAndIsIdempotent() throws Exception {
        Outcome first = topics("create", "--partitions", "3");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsExactly(
                customers() + ": created (3 partitions, replication 1, min.insync.replicas=1, cleanup.policy=compact)",
                inventory() + ": created (3 partitions, replication 1, min.insync.replicas=1, cleanup.policy=compact)",
                output() + ": created (3 partitions, replication 1, min.insync.replicas=1, cleanup.policy=compact)",
                deadLetters() + ": created (3 partitions, replication 1, min.insync.replicas=1, cleanup.policy=delete)");
        assertThat(configOf(deadLetters()))
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(TimeUnit.DAYS.toMillis(7)));

        Outcome again = topics("create", "--partitions", "6");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains(": ok (3 partitions, replication 1, min.insync.replicas=1")
                .endsWith("; note: 3 partitions, not the 6 asked; left as is (adding partitions moves keys)"));
        for (String topic : topics) {
            assertThat(partitionsOf(topic)).as(topic).isEqualTo(3);
        }
    }

    @Test
    void checkReportsAMissingTopicAndAnInputTopicThatIsNotCompacted() throws Exception {
        admin.createTopics(List.of(new NewTopic(customers(), 2, (short) 1)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        Outcome check = topics("check");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).hasSize(4);
        assertThat(check.out().get(0)).startsWith(customers() + ": exists (2 partitions, replication 1, min.insync.replicas=1, cleanup.policy=delete);"
                + " PROBLEM: cleanup.policy is delete, junction expects compact");
        assertThat(check.out().subList(1, 4)).containsExactly(
                inventory() + ": missing", output() + ": missing", deadLetters() + ": missing");
        // The command it suggests acts on the same topics.
        assertThat(check.err()).contains("./junction topics create --bootstrap-servers " + kafka.bootstrapServers()
                + " " + String.join(" ", topicFlags()));

        // create adds what is missing but does not alter an existing topic: the problem stays.
        Outcome create = topics("create");

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.out().get(0)).startsWith(customers() + ": exists (2 partitions").contains("PROBLEM");
        assertThat(create.out().subList(1, 4)).allSatisfy(line -> assertThat(line).contains(": created (6 partitions"));
        assertThat(configOf(customers())).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
    }

    @Test
    void createThenCheckIsClean() {
        assertThat(topics("create").exitCode()).isZero();

        Outcome check = topics("check");

        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.err()).isEmpty();
        assertThat(check.out()).containsExactly(
                customers() + ": ok (6 partitions, replication 1, min.insync.replicas=1, cleanup.policy=compact)",
                inventory() + ": ok (6 partitions, replication 1, min.insync.replicas=1, cleanup.policy=compact)",
                output() + ": ok (6 partitions, replication 1, min.insync.replicas=1, cleanup.policy=compact)",
                deadLetters() + ": ok (6 partitions, replication 1, min.insync.replicas=1, cleanup.policy=delete)");
    }

    @Test
    void kafkaPropertiesPassThroughToTheAdminClient() {
        Outcome check = topics("check", "--kafka", "default.api.timeout.ms=soon");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).isEmpty();
        assertThat(check.err()).startsWith("topics: --kafka: Invalid value soon for configuration default.api.timeout.ms")
                .hasLineCount(1);
    }

    @Test
    void aBadOptionIsOneLineAndExitCodeTwo() {
        Outcome partitions = topics("create", "--partitions", "0");
        Outcome noSubcommand = junction("topics");

        assertThat(partitions.exitCode()).isEqualTo(2);
        assertThat(partitions.err()).isEqualTo("topics: --partitions must be at least 1, was 0" + System.lineSeparator());
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).contains("Missing required subcommand");
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorIsABadOption() {
        Outcome tooMany = topics("create", "--replication-factor", "1", "--min-insync-replicas", "2");
        Outcome aboveTheDefault = topics("create", "--min-insync-replicas", "2");

        assertThat(tooMany.exitCode()).isEqualTo(CommandLines.USAGE);
        assertThat(tooMany.err().strip()).isEqualTo("topics: --min-insync-replicas must be 1..1 (the replication factor), was 2");
        // One broker here: the default factor is 1, so 2 in sync can never be met.
        assertThat(aboveTheDefault.exitCode()).isEqualTo(CommandLines.USAGE);
        assertThat(aboveTheDefault.err()).contains("--min-insync-replicas must be 1..1");
    }

    @Test
    void runStopsAtStartWithOneLineNamingTheMissingTopics() {
        topics("create");
        admin.deleteTopics(List.of(inventory(), deadLetters()));
        Awaitility.await().atMost(TIMEOUT).until(() -> !admin.listTopics().names()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(inventory()));

        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--endpoint", "http://localhost:1/ingest", "--metrics-port", "0"));
        args.addAll(List.of(topicFlags()));
        Cli.Run run = Cli.execute(new RunCommand(), args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
        assertThat(run.errLines()).containsExactly(
                "run: missing topics: " + inventory() + ", " + deadLetters(),
                "run: create them with ./junction topics create --bootstrap-servers " + kafka.bootstrapServers()
                        + " " + String.join(" ", topicFlags()));
    }
}
