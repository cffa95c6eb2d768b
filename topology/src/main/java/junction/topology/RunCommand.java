package junction.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import junction.cli.AppOptions;
import junction.cli.CommandLines;
import junction.cli.SinkOptions;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./junction run}: the stream app alone, against a given cluster and endpoint, until
 * SIGTERM. Exit codes: 0 after a clean shutdown, 1 when the app failed, 2 for a bad option.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the stream app against a Kafka cluster and an analytics endpoint.",
                "Options come from flags, then JUNCTION_<OPTION> environment variables, then the --config file.",
                "SIGTERM stops taking records, lets the sink drain and commits offsets."},
        footer = {"Exit codes: 0 clean shutdown, 1 the app failed, 2 bad option or configuration."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of options (key = option name without dashes).")
    Path config;

    @Mixin
    AppOptions app;

    @Mixin
    SinkOptions sink;

    @Override
    public Integer call() throws InterruptedException {
        AppConfig appConfig = app.toConfig(sink.toConfig(app.endpoint()));
        System.out.println("junction run: effective configuration");
        appConfig.describe().forEach(line -> System.out.println("  " + line));

        StreamApp streamApp = new StreamApp(appConfig, new SimpleMeterRegistry());
        Runtime.getRuntime().addShutdownHook(new Thread(streamApp::close, "junction-shutdown"));
        streamApp.start();
        return streamApp.awaitStopped() == KafkaStreams.State.ERROR ? 1 : 0;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new RunCommand(), args));
    }
}
