package junction.load.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import junction.cli.CommandLines;
import junction.cli.OpsOptions;
import junction.cli.SinkOptions;
import junction.metrics.JunctionRegistry;
import junction.metrics.OpsServer;
import junction.topology.AppConfig;
import junction.topology.AppMonitor;
import junction.topology.AppOptions;
import junction.topology.StreamApp;
import junction.topology.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./junction passes}: the stream app of {@code run}, started and stopped again and again in
 * one JVM at the bench's command, so a pass after the first measures a warm JVM (compiled code,
 * loaded classes) rather than its warm-up. It reads commands on standard input:
 * {@code start <application-id> <state-dir>} starts an app (a new consumer group reading the
 * inputs from the start) and prints {@code ops endpoints: ...} as {@code run} does;
 * {@code stop} closes it and prints {@code pass stopped}. The end of the input ends the process.
 */
@Command(name = "passes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The bench's warm stream app: `run`'s options, then one pass per `start <application-id> <state-dir>`",
                "line on standard input until `stop`, all in one JVM. Used by `bench`; not for production."})
public final class PassesCommand implements Callable<Integer> {

    static final String STOPPED = "pass stopped";

    @Mixin
    AppOptions app;

    @Mixin
    SinkOptions sink;

    @Mixin
    OpsOptions ops;

    @Override
    public Integer call() throws IOException {
        AppConfig base = app.toConfig(sink.toConfig(app.endpoint()));
        System.out.println("junction passes: effective configuration (each pass replaces the application id and state directory)");
        base.describe().forEach(line -> System.out.println("  " + line));
        TopicSetup.StartCheck check = TopicSetup.check(base);
        if (!check.problems().isEmpty()) {
            check.problems().forEach(p -> System.err.println("passes: " + p));
            return CommandLines.USAGE;
        }
        base = base.withKafkaDefaults(check.inputs().streamsSettings());
        OpsServer.Config opsConfig = ops.config();
        System.out.println("passes: waiting for `start <application-id> <state-dir>`");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Pass running = null;
        String line;
        while ((line = commands.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("start") && words.length == 3 && running == null) {
                running = Pass.start(base.withApplication(words[1], Path.of(words[2])), opsConfig, ops);
            } else if (words[0].equals("stop") && running != null) {
                running.close();
                running = null;
                System.out.println(STOPPED);
            } else {
                System.err.println("passes: ignored `" + line + "`" + (running == null ? " (no pass running)" : " (a pass is running)"));
            }
        }
        if (running != null) {
            running.close();
        }
        return 0;
    }

    /** One app's life: its metrics, ops server and Kafka Streams, as {@code run} wires them. */
    private record Pass(StreamApp app, AppMonitor monitoring, JunctionRegistry metrics) implements AutoCloseable {

        static Pass start(AppConfig config, OpsServer.Config opsConfig, OpsOptions ops) {
            JunctionRegistry metrics = opsConfig.newRegistry();
            StreamApp app = new StreamApp(config, metrics.registry());
            AppMonitor monitoring = AppMonitor.start(app, metrics, opsConfig, ops.sampleInterval());
            System.out.println("ops endpoints: http://" + opsConfig.host() + ":" + monitoring.port()
                    + "/metrics, /health, /summary");
            app.start();
            return new Pass(app, monitoring, metrics);
        }

        @Override
        public void close() {
            app.close();
            monitoring.close();
            metrics.close();
        }
    }
}
