package junction.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import junction.cli.CommandLines.UserError;
import junction.cli.KafkaOptions;
import junction.cli.TopicOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./junction ingest}: generate customers and inventory into a broker (preload, then
 * updates at a rate), or import a JSON-lines file into one of the input topics.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "junction.ingest.IngestCommand",
        description = {"Generate or import customers and inventory into Kafka.",
                "Generates a preload, then updates at --rate for --duration; or, with --import,",
                "sends a JSON-lines file (one record per line) to --topic."})
public final class IngestCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    /** Its defaults: IngestCommand.properties. */
    @Mixin
    GeneratorOptions generator;

    @Option(names = "--import", paramLabel = "FILE", description = "Import this JSON-lines file instead of generating.")
    Path importFile;

    @Option(names = "--topic", defaultValue = "CUSTOMERS", description = "Target of --import: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    InputTopic topic;

    @Override
    public Integer call() throws IOException {
        IngestConfig config = new IngestConfig(kafka.bootstrapServers(), generator.seed(), generator.customers(),
                generator.skus(), generator.rate(), generator.duration(),
                topics.customers(), topics.inventory(), topics.deadLetters());
        String problem = config.problem();
        if (problem != null) {
            throw new UserError("--" + problem.replaceFirst("ratePerSec", "rate").replaceFirst("bootstrap", "bootstrap-servers"));
        }
        try (InputProducer producer = InputProducer.connect(kafka.bootstrapServers(), kafka.properties(), config.customersTopic(), config.inventoryTopic())) {
            if (importFile != null) {
                ImportResult result = new JsonLinesImport(producer, config.deadLetterTopic()).importFile(importFile, topic);
                producer.flush();
                System.out.printf(Locale.ROOT, "imported %s into %s: %,d lines read, %,d sent, %,d rejected (to %s)%n",
                        importFile, producer.topicName(topic), result.read(), result.sent(), result.rejected(),
                        config.deadLetterTopic());
                result.firstProblems().forEach(p -> System.out.println("  " + p));
                return producer.failed() == 0 ? 0 : 1;
            }
            IngestJob job = new IngestJob(new Generator(config.seed(), config.customers(), config.skus()), producer);
            Runtime.getRuntime().addShutdownHook(new Thread(job::stop, "ingest-stop"));
            long preloaded = job.preload();
            System.out.printf(Locale.ROOT, "preloaded %,d records%n", preloaded);
            long updates = job.updates(config.ratePerSec(), config.duration());
            producer.flush();
            System.out.printf(Locale.ROOT, "sent %,d updates; %,d acked, %,d failed%n", updates, producer.acked(), producer.failed());
            return producer.failed() == 0 ? 0 : 1;
        }
    }
}
