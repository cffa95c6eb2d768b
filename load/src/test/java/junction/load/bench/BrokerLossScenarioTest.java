package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import junction.cli.CommandLines;
import junction.load.cli.Harness;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker-loss scenario at a tiny size, through the command a user runs: on three brokers,
 * the one coordinating the app's group is SIGKILLed for good under updates, and the endpoint
 * still verifies (nothing missing or stale), with the pause and the leader election measured.
 * Three broker JVMs, the endpoint and the app: about 5 minutes on the shared 2-core machine.
 */
@Tag("integration")
@Tag("long")
class BrokerLossScenarioTest {

    @TempDir
    Path out;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void losingOneOfThreeBrokersLosesNothingAndThePauseIsMeasured() throws IOException {
        int exit = CommandLines.execute(new Harness(), new String[] {"bench", "--scenario", "broker-loss",
            "--customers", "1000", "--skus", "100", "--rate", "200", "--fault-after", "3s", "--fault-for", "15s",
            "--duration", "22s", "--timeout", "2m", "--out", out.toString()});

        assertThat(exit).as("exit code (0 only if verified)").isZero();
        Path folder = onlyFolder(out);
        assertThat(folder.getFileName().toString()).startsWith("broker-loss-");
        for (int node = 1; node <= BrokerLoss.NODES; node++) {
            assertThat(folder.resolve("logs/broker_" + node + ".log")).as("node %d's log", node).isNotEmptyFile();
        }
        List<String> csv = Files.readAllLines(folder.resolve(ReportWriter.SAMPLES_CSV));
        assertThat(List.of(csv.get(0).split(","))).as("every node sampled").contains("broker_1_cpu", "broker_3_rss_mb");
        assertThat(csv).as("samples taken").hasSizeGreaterThan(10);

        JsonNode report = JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile());
        JsonNode verification = report.get("verification");
        assertThat(verification.get("verified").asBoolean()).isTrue();
        assertThat(verification.get("missing").asLong()).isZero();
        assertThat(verification.get("stale").asLong()).isZero();
        JsonNode figures = report.get("figures");
        assertThat(figures.get("brokers").asInt()).isEqualTo(3);
        assertThat(figures.get("lostNode").asInt()).isBetween(1, 3);
        assertThat(figures.get("fault").asText()).contains("SIGKILL", "never restarted");
        double election = figures.get("leaderElectionSeconds").asDouble();
        assertThat(election).as("leaderships left the lost node within the watch").isPositive();
        // No stall beyond the leader election: the lost node's partitions wait for the controller to
        // fence it (broker.session.timeout.ms, 9 s) and elect new leaders, then delivery goes on.
        assertThat(figures.get("pauseDeliveredSeconds").asDouble()).as("delivery paused, and resumed before the watch ended")
                .isPositive().isLessThan(15.0).isLessThanOrEqualTo(election + 5.0);
        assertThat(figures.get("pauseCommittedSeconds").isNumber()).isTrue();
        assertThat(figures.get("updates").asLong()).isPositive();
    }

    private static Path onlyFolder(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> folders = entries.toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }
}
