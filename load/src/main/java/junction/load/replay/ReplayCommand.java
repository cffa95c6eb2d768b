package junction.load.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import junction.cli.CommandLines.UserError;
import junction.cli.KafkaOptions;
import junction.cli.StopOnShutdown;
import junction.ingest.InputProducer;
import junction.topology.ClientProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./junction replay}: copy topics from a start point to a topic, or back into themselves. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy topics (keys, values, headers, timestamps) from a start point to a target topic,",
                "or back into the topics they came from, at their original pace, a multiple of it, or at once.",
                "Stops at the end offsets seen at start; exits 1 if any record could not be written."})
public final class ReplayCommand implements Callable<Integer> {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** The brokers to read from (and to write to, without --target-bootstrap-servers); --kafka applies to both. */
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from", required = true, split = ",", paramLabel = "TOPIC", description = "Topics to read, e.g. customers,inventory.")
    List<String> from;

    @Option(names = "--to", paramLabel = "TOPIC", description = "Write every record to this topic.")
    String to;

    @Option(names = "--into-inputs", description = "Write each record back to the topic it came from, to re-drive the pipeline.")
    boolean intoInputs;

    @Option(names = "--start", defaultValue = "beginning", converter = StartPoint.Converter.class,
            description = "beginning, offset:N (in every partition), time:2024-01-01T00:00:00Z or time:-10m. Default: ${DEFAULT-VALUE}.")
    StartPoint start;

    @Option(names = "--speed", defaultValue = "max", converter = Speed.Converter.class,
            description = "original (the recorded gaps between timestamps), a multiple such as 2x or 0.5x, or max. Default: ${DEFAULT-VALUE}.")
    Speed speed;

    @Option(names = "--shift-timestamps", description = "Shift all timestamps by one amount so the first record is now.")
    boolean shiftTimestamps;

    @Option(names = "--target-bootstrap-servers", description = "Brokers to write to. Default: --bootstrap-servers.")
    String targetBootstrap;

    @Override
    public Integer call() {
        ReplayPlan plan = plan();
        String bootstrap = kafka.bootstrapServers();
        String target = targetBootstrap == null ? bootstrap : targetBootstrap;
        requireTopics(target, plan.targets());
        Clock clock = Clock.systemUTC();
        Replay replay = new Replay(plan, clock);
        try (StopOnShutdown stopper = new StopOnShutdown("replay-stop", replay::stop);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(with(consumerProperties(bootstrap),
                     ConsumerConfig.configNames()));
             InputProducer producer = new InputProducer(new KafkaProducer<>(with(InputProducer.producerProperties(target),
                     ProducerConfig.configNames())))) {
            TimestampOrderedReader reader;
            try {
                reader = TimestampOrderedReader.open(consumer, plan.sources(), plan.start(), clock);
            } catch (IllegalArgumentException e) {
                throw new UserError("--from: " + e.getMessage() + " on " + bootstrap);
            }
            System.err.printf("replaying %s on %s from %s into %s%s at speed %s%n", String.join(",", plan.sources()),
                    bootstrap, plan.start(), String.join(",", plan.targets()), target.equals(bootstrap) ? "" : " on " + target,
                    plan.speed());
            ReplaySummary summary;
            try (ProgressBar bar = ProgressBar.onStderr("replay", reader.total(), reader::progress)) {
                summary = replay.run(reader, producer);
            }
            System.out.println(summary.line());
            return summary.failed() == 0 ? 0 : 1;
        }
    }

    private ReplayPlan plan() {
        if (intoInputs == (to != null)) {
            throw new UserError("give either --to TOPIC or --into-inputs");
        }
        List<String> sources = from.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (sources.isEmpty()) {
            throw new UserError("--from needs at least one topic");
        }
        return new ReplayPlan(sources, to, start, speed, shiftTimestamps);
    }

    /** A producer would wait a minute per record for a topic that does not exist: check first. */
    private void requireTopics(String bootstrap, List<String> topics) {
        Set<String> existing;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(with(config, AdminClientConfig.configNames()))) {
            existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UserError("cannot list the topics on " + bootstrap + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new UserError("no answer from " + bootstrap + " within " + ADMIN_TIMEOUT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while listing the topics on " + bootstrap);
        }
        List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new UserError("target topic " + String.join(",", missing) + " does not exist on " + bootstrap);
        }
    }

    /** {@code props} with the --kafka settings a client of these {@code names} knows laid over them. */
    private Properties with(Properties props, Set<String> names) {
        props.putAll(ClientProperties.of(kafka.properties(), names));
        return props;
    }

    static Properties consumerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Assigned partitions and no group: a replay leaves no committed offsets behind.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Records of aborted transactions (a stream app's output under exactly-once) are not copied.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The start offset may have been deleted by retention since it was looked up.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
