package junction.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import junction.cli.CommandLines;
import junction.cli.OpsOptions;
import junction.cli.SinkOptions;
import junction.metrics.JunctionRegistry;
import junction.metrics.OpsServer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code ./junction run}: the stream app alone, against a given cluster and endpoint, until
 * SIGTERM. Exit codes: 0 after a clean shutdown, 1 when the app failed, 2 for a bad option.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the stream app against a Kafka cluster and an analytics endpoint.",
                "Options come from flags, then JUNCTION_<OPTION> environment variables, then the --config file.",
                "SIGTERM stops taking records, lets the sink drain and commits offsets."},
        footer = {"Exit codes: 0 clean shutdown, 1 the app failed or Kafka could not be reached,",
                "2 bad option or configuration (missing or misconfigured topics included)."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of options (key = option name without dashes).")
    Path config;

    @Mixin
    AppOptions app;

    @Mixin
    SinkOptions sink;

    @Mixin
    OpsOptions ops;

    @Override
    public Integer call() throws InterruptedException {
        AppConfig appConfig = app.toConfig(sink.toConfig(app.endpoint()));
        // Every option is checked before anything starts: a bad one is a one-line exit 2, not a half-built app.
        OpsServer.Config opsConfig = ops.config();
        Duration sampleInterval = ops.sampleInterval();
        System.out.println("junction run: effective configuration");
        appConfig.describe().forEach(line -> System.out.println("  " + line));

        // Kafka Streams would wait for missing source topics in a loop of warnings; say it once and stop.
        try {
            TopicSetup.StartCheck check = TopicSetup.check(appConfig);
            if (!check.problems().isEmpty()) {
                check.problems().forEach(p -> System.err.println("run: " + p));
                System.err.println("run: create them with ./junction topics create --bootstrap-servers "
                        + appConfig.bootstrapServers() + app.topics().nonDefaultFlags());
                return CommandLines.USAGE;
            }
            // Changelogs and the join's internal topics are as precious as the inputs: the same copies.
            appConfig = appConfig.withKafkaDefaults(check.inputs().streamsSettings());
            System.out.println("  internal topics: replication.factor=" + appConfig.streamsProperties().get("replication.factor")
                    + ", min.insync.replicas=" + appConfig.streamsProperties().get("topic.min.insync.replicas")
                    + " (the input tables' unless --kafka sets them)");
        } catch (ConfigException e) {
            System.err.println("run: --kafka: " + e.getMessage());
            return CommandLines.USAGE;
        } catch (TopicSetup.Failure e) {
            System.err.println("run: cannot check the topics at " + appConfig.bootstrapServers() + ": " + e.getMessage());
            return 1;
        }

        JunctionRegistry metrics = opsConfig.newRegistry();
        StreamApp streamApp = new StreamApp(appConfig, metrics.registry());
        AppMonitor monitoring = AppMonitor.start(streamApp, metrics, opsConfig, sampleInterval);
        // SIGTERM and SIGINT close the app here and let `run` exit with its own code: the JVM's
        // default handling would end the process with 143 (130) whatever the shutdown achieved.
        AtomicReference<Thread> closer = new AtomicReference<>();
        SignalHandler stop = signal -> closer.updateAndGet(running -> {
            if (running != null) {
                return running;
            }
            Thread thread = new Thread(streamApp::close, "junction-stop");
            thread.start();
            return thread;
        });
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
        // Any other way the JVM ends (System.exit elsewhere, SIGHUP) still closes the app.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streamApp.close();
            monitoring.close();
            metrics.close();
        }, "junction-shutdown"));
        System.out.println("ops endpoints: http://" + opsConfig.host() + ":" + monitoring.port()
                + "/metrics, /health, /summary");
        streamApp.start();
        KafkaStreams.State end = streamApp.awaitStopped();
        Thread stopping = closer.get();
        if (stopping != null) {
            stopping.join();
        } else {
            streamApp.close();
        }
        return end == KafkaStreams.State.ERROR ? 1 : 0;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new RunCommand(), args));
    }
}
