package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

/** The names of stores and internal topics are deployed state: they change only on purpose. */
class TopologyNamingTest {

    private static final String PINNED = "topology-description.txt";
    private static final Path ACTUAL = Path.of("target", "topology-description.actual.txt");

    @Test
    void topologyMatchesThePinnedDescription() throws IOException {
        String actual = CustomerInventoryTopology.build(TopologyOptions.defaults().withSink(new CapturingSink()))
                .describe().toString();
        String pinned = readPinned();
        if (!actual.equals(pinned)) {
            Files.createDirectories(ACTUAL.getParent());
            Files.writeString(ACTUAL, actual);
        }

        assertThat(actual)
                .withFailMessage("""
                        The topology differs from src/test/resources/%s.
                        Renaming a store or an internal topic is a BREAKING change: a running app loses
                        that state (and its changelog/repartition topics are orphaned) unless it is reset
                        or migrated. If the change is deliberate, plan that, then copy %s (the actual
                        description, written by this test) over src/test/resources/%s.
                        Actual:
                        %s""", PINNED, ACTUAL.toAbsolutePath(), PINNED, actual)
                .isEqualTo(pinned);
    }

    @Test
    void topologyBuilderRefusesAnUnnamedStore() {
        StreamsBuilder builder = CustomerInventoryTopology.namingEnforcingBuilder();
        builder.stream("any", Consumed.with(Serdes.String(), Serdes.String()).withName("any-source"))
                .groupByKey()
                .count();

        assertThatThrownBy(builder::build)
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("state store(s) has not been named");
    }

    @Test
    void streamsDefaultsEnforceNamingAndDeadLetterPoisonRecords() {
        assertThat(CustomerInventoryTopology.streamsDefaults())
                .containsEntry("ensure.explicit.internal.resource.naming", "true")
                .containsEntry("errors.dead.letter.queue.topic.name", "junction-dlq")
                .containsEntry("deserialization.exception.handler", RejectingDeserializationHandler.class.getName())
                .containsEntry("processing.exception.handler", RejectingProcessingHandler.class.getName());
    }

    private static String readPinned() throws IOException {
        try (InputStream in = TopologyNamingTest.class.getResourceAsStream("/" + PINNED)) {
            assertThat(in).as("src/test/resources/%s is on the test class path", PINNED).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
