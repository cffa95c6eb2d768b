package junction.load.replay;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import junction.cli.CommandLines.UserError;
import junction.cli.KafkaOptions;
import junction.cli.StopOnShutdown;
import junction.cli.TopicOptions;
import junction.ingest.Generator;
import junction.ingest.GeneratorOptions;
import junction.ingest.IngestConfig;
import junction.ingest.IngestJob;
import junction.ingest.InputProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./junction load}: drive the generator against any broker at a constant rate or through a
 * plan of named steps, and report per step the target and achieved rate and the failed sends.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "junction.load.replay.LoadCommand",
        description = {"Drive generated customer and inventory updates into Kafka at a target rate:",
                "constant (--rate for --duration) or a load-test plan of named steps (--plan steps).",
                "Preloads every customer and sku first unless --no-preload; exits 1 if any send failed."})
public final class LoadCommand implements Callable<Integer> {

    /** Picocli option values: {@code constant} or {@code steps}. */
    enum PlanKind { constant, steps }

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Option(names = "--plan", defaultValue = "constant", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    PlanKind plan;

    @Option(names = "--steps", defaultValue = LoadPlan.DEFAULT_STEPS, converter = LoadPlan.Converter.class,
            description = "Steps of the steps plan, NAME:RATE:DURATION,... Default: ${DEFAULT-VALUE}.")
    LoadPlan steps;

    /** Its defaults, and --rate and --duration as the constant plan's: LoadCommand.properties. */
    @Mixin
    GeneratorOptions generator;

    @Option(names = "--no-preload", description = "Send updates only: the topics already hold the preload of this seed and sizes.")
    boolean noPreload;

    @Override
    public Integer call() {
        LoadPlan loadPlan = loadPlan();
        IngestConfig config = new IngestConfig(kafka.bootstrapServers(), generator.seed(), generator.customers(),
                generator.skus(), loadPlan.steps().get(0).rate(),
                loadPlan.steps().get(0).duration(), topics.customers(), topics.inventory(), topics.deadLetters());
        String problem = config.problem();
        if (problem != null) {
            throw new UserError("--" + problem.replaceFirst("ratePerSec", "rate").replaceFirst("bootstrap", "bootstrap-servers"));
        }
        try (InputProducer producer = InputProducer.connect(kafka.bootstrapServers(), kafka.properties(), config.customersTopic(), config.inventoryTopic())) {
            IngestJob job = new IngestJob(new Generator(config.seed(), config.customers(), config.skus()), producer);
            LoadDriver driver = new LoadDriver(job, producer);
            try (StopOnShutdown stopper = new StopOnShutdown("load-stop", driver::stop)) {
                if (!noPreload) {
                    long started = System.nanoTime();
                    long preloaded = job.preload();
                    System.out.printf(Locale.ROOT, "preloaded %,d records in %.1f s%n", preloaded, (System.nanoTime() - started) / 1e9);
                }
                List<LoadDriver.StepResult> results = driver.run(loadPlan, r -> System.out.println(r.line()));
                long sent = results.stream().mapToLong(LoadDriver.StepResult::sent).sum();
                System.out.printf(Locale.ROOT, "load done: %,d updates in %d steps; %,d acked, %,d failed%n",
                        sent, results.size(), producer.acked(), producer.failed());
            }
            return producer.failed() == 0 ? 0 : 1;
        }
    }

    private LoadPlan loadPlan() {
        if (plan == PlanKind.steps) {
            return steps;
        }
        try {
            return LoadPlan.constant(generator.rate(), generator.duration());
        } catch (IllegalArgumentException e) {
            throw new UserError("--" + e.getMessage());
        }
    }
}
