package junction.load;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import junction.cli.Durations;
import junction.cli.OpsOptions;
import junction.cli.SinkOptions;
import junction.ingest.GeneratorOptions;
import junction.ingest.InputProducer;
import junction.metrics.DaemonThreads;
import junction.model.JsonSerde;
import junction.topology.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./junction demo}: the whole pipeline on this machine, end to end, verified. Prints a
 * progress line every few seconds, a human summary, and last one line of JSON; exits 0 only
 * when the endpoint's final view equals the join of the final inputs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "junction.load.DemoCommand",
        description = {"Run the whole pipeline here and verify what the endpoint ends with.",
                "Starts a broker, the analytics endpoint, the stream app and the generator in this process,",
                "lets the pipeline drain, and checks the endpoint against the join of the final inputs."})
public final class DemoCommand implements Callable<Integer> {

    /** Its defaults: DemoCommand.properties. */
    @Mixin
    GeneratorOptions generator;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--endpoint-port", defaultValue = "0", description = "Port of the analytics endpoint (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int endpointPort;

    @Option(names = "--drain-timeout", defaultValue = "120s", description = "Longest wait for the pipeline to drain after the updates. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    @Option(names = "--progress-every", defaultValue = "3s", description = "Interval of the progress line. Default: ${DEFAULT-VALUE}.")
    Duration progressEvery;

    @Mixin
    SinkOptions sink;

    @Mixin
    OpsOptions ops;

    @Mixin
    FaultOptions faults;

    @Override
    public Integer call() throws Exception {
        AppConfig app = AppConfig.defaults();
        // The demo's own endpoint replaces this placeholder once it is listening.
        app = app.withSink(true, sink.toConfig(URI.create("http://localhost/ingest")));
        EndpointFaults endpointFaults = faults.toFaults();
        Pipeline.Options options = new Pipeline.Options(generator.seed(), generator.customers(), generator.skus(),
                generator.rate(), generator.duration(), partitions, endpointPort, app, ops.config(), ops.sampleInterval(),
                endpointFaults, InputProducer.LINGER);
        System.out.printf(Locale.ROOT, "junction demo: %,d customers, %,d skus, then %,.0f updates/s for %s%n",
                options.customers(), options.skus(), options.updateRate(), Durations.format(options.updateDuration()));
        if (!endpointFaults.equals(EndpointFaults.NONE)) {
            System.out.println("endpoint faults: " + JsonSerde.MAPPER.writeValueAsString(endpointFaults));
        }
        ScheduledExecutorService ticker = DaemonThreads.scheduler("demo-progress");
        try (Pipeline pipeline = Pipeline.start(options)) {
            System.out.println("broker " + pipeline.bootstrapServers() + ", endpoint " + pipeline.endpointUri()
                    + ", stream app " + pipeline.app().state());
            System.out.println("watch it: " + pipeline.opsUri() + "/metrics, /health, /summary");
            ProgressLine progress = new ProgressLine(pipeline);
            ticker.scheduleAtFixedRate(() -> System.out.println(progress.next()),
                    progressEvery.toMillis(), progressEvery.toMillis(), TimeUnit.MILLISECONDS);
            // The preload is a backlog: caught up first and measured apart, so the steady state's
            // latency is not that of records that waited behind a hundred thousand others.
            if (!pipeline.preloadAndCatchUp(drainTimeout)) {
                System.out.printf(Locale.ROOT, "preload NOT caught up after %s%n", Durations.format(drainTimeout));
            }
            System.out.println(progress.next() + " (caught up; steady updates begin)");
            pipeline.steadyUpdates();
            long drainStart = System.nanoTime();
            boolean drained = pipeline.awaitDrained(drainTimeout);
            ticker.shutdownNow();
            System.out.println(progress.next());
            System.out.printf(Locale.ROOT, drained ? "drained in %.1f s%n" : "NOT drained after %.0f s%n",
                    (System.nanoTime() - drainStart) / 1e9);
            DemoResult result = pipeline.result();
            result.printSummary(System.out);
            System.out.println(result.toJson());
            return result.verification().verified() ? 0 : 1;
        } finally {
            ticker.shutdownNow();
        }
    }
}
