package junction.app.topics;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import junction.cli.CommandLines;
import junction.cli.KafkaOptions;
import junction.cli.TopicOptions;
import junction.topology.AppConfig;
import junction.topology.TopicSetup.TopicReport;
import junction.topology.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./junction topics create|check}: junction's topics on a real cluster, where the broker
 * does not create them (auto-creation off) and the app must not start without them. One line per
 * topic; exit 0 when every topic is as junction needs it, 1 when one is missing or unfit or Kafka
 * cannot be reached, 2 for a bad option.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create or check junction's topics: customers and inventory (compacted input tables), "
                + "customer-inventory (compacted, the latest merged state) and junction-dlq (dead letters, kept 7 days).",
        footer = {"Exit codes: 0 every topic as junction needs it, 1 a topic missing or unfit (or Kafka unreachable), 2 bad option."})
public final class TopicsCommand {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create the topics that are missing; existing ones are left as they are and reported "
                    + "(a different partition count or replication is noted, an input topic that is not compacted is a problem).")
    int create(
            @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
                    description = "Partitions of each new topic; they bound how many stream threads share the work. Default: ${DEFAULT-VALUE}.")
            int partitions,
            @Option(names = "--replication-factor", paramLabel = "N",
                    description = "Replicas of each new topic. Default: 3 on a cluster of 3 or more brokers, else one per broker.")
            Short replicationFactor,
            @Option(names = "--min-insync-replicas", paramLabel = "N",
                    description = "Replicas that must hold a write before acks=all producers hear it is stored (topic config"
                            + " min.insync.replicas). Default: 2 with 3 or more replicas, else 1.")
            Integer minInsyncReplicas) {
        if (partitions < 1) {
            return usageError("--partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            return usageError("--replication-factor must be at least 1, was " + replicationFactor);
        }
        if (minInsyncReplicas != null && replicationFactor != null
                && (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor)) {
            return usageError("--min-insync-replicas must be 1.." + replicationFactor + " (the replication factor), was " + minInsyncReplicas);
        }
        return report(setup -> {
            TopicSetup.Replication replication = replicationFactor != null
                    ? TopicSetup.Replication.of(replicationFactor)
                    : TopicSetup.Replication.forBrokers(setup.brokers());
            if (minInsyncReplicas != null) {
                replication = new TopicSetup.Replication(replication.factor(), minInsyncReplicas);
            }
            return setup.create(partitions, replication);
        });
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Report whether every topic exists with the settings junction relies on; changes nothing.")
    int check() {
        return report(TopicSetup::inspect);
    }

    /** Runs one action on the topics, prints a line per topic, and turns the outcome into an exit code. */
    private int report(Function<TopicSetup, List<TopicReport>> action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (ConfigException e) {
            return usageError("--kafka: " + e.getMessage());
        }
        try {
            List<TopicReport> reports = action.apply(new TopicSetup(admin, AppConfig.defaults()
                    .withTopics(topics.customers(), topics.inventory(), topics.output(), topics.deadLetters())));
            reports.forEach(r -> out.println(r.line()));
            out.flush();
            if (reports.stream().anyMatch(r -> r.state() == TopicReport.State.MISSING)) {
                err.println("create the missing topics with: ./junction topics create --bootstrap-servers " + kafka.bootstrapServers()
                        + topics.nonDefaultFlags());
            }
            return reports.stream().allMatch(TopicReport::ok) ? 0 : 1;
        } catch (TopicSetup.Failure e) {
            err.println("topics: " + e.getMessage() + " (bootstrap servers " + kafka.bootstrapServers() + ")");
            return 1;
        } catch (IllegalArgumentException e) {
            // A replication asked that the cluster's size makes impossible (--min-insync-replicas above the default factor).
            return usageError(e.getMessage());
        } finally {
            err.flush();
            // Pending requests to an unreachable broker would otherwise hold the exit for a minute.
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /** A bad option: one line naming it, exit 2, as every junction command does. */
    private int usageError(String message) {
        spec.commandLine().getErr().println("topics: " + message);
        spec.commandLine().getErr().flush();
        return CommandLines.USAGE;
    }
}
