package junction.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How a command reaches Kafka: {@code --bootstrap-servers} and {@code --kafka KEY=VALUE}, declared
 * once and mixed into every command that connects (run, topics, redrive, ingest, load, replay,
 * and the demo's and bench's app children through run). Security settings ride on {@code --kafka}
 * (or {@code JUNCTION_KAFKA}/a {@code --config} file), so a secured cluster needs nothing else.
 */
public final class KafkaOptions {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    @Option(names = "--bootstrap-servers", defaultValue = DEFAULT_BOOTSTRAP, paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Kafka brokers, host:port[,host:port]. Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
            description = "Any Kafka client property (for run, also any Kafka Streams property), passed through as is"
                    + " (repeatable), e.g. --kafka security.protocol=SASL_SSL.")
    Map<String, String> kafka = new LinkedHashMap<>();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code --kafka} properties, as given. */
    public Map<String, String> properties() {
        return Map.copyOf(kafka);
    }
}
