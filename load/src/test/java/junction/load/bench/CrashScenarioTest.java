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
import junction.load.Takes;
import junction.load.cli.Harness;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash scenario at a tiny size, through the command a user runs: the app is SIGKILLed mid
 * update while the endpoint answers slowly (requests in flight), restarted on its state directory,
 * and the forgetful endpoint still verifies: records delivered but not committed came again
 * (duplicates), and every event the topology emitted reached the endpoint (no lost event). A short
 * session timeout lets the restarted instance take over the killed one's partitions in seconds
 * rather than the default 45.
 */
@Tag("integration")
@Takes(seconds = 60)
class CrashScenarioTest {

    @TempDir
    Path out;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKilledAppRestartsAndTheEndpointStillVerifies() throws IOException {
        int exit = CommandLines.execute(new Harness(), new String[] {"bench", "--scenario", "crash",
            "--customers", "1000", "--skus", "100", "--rate", "200", "--fault-after", "3s", "--fault-for", "2s",
            "--duration", "10s", "--app-kafka", "session.timeout.ms=6000", "--app-kafka", "heartbeat.interval.ms=1000",
            "--timeout", "2m", "--out", out.toString()});

        assertThat(exit).as(() -> "exit code (0 only if verified); " + whatHappened(out)).isZero();
        Path folder = onlyFolder(out);
        assertThat(folder.getFileName().toString()).startsWith("crash-");
        assertThat(folder.resolve("logs/app.log")).as("the killed instance's log").isNotEmptyFile();
        assertThat(folder.resolve("logs/app-2.log")).as("the restarted instance's log").isNotEmptyFile();

        JsonNode report = JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile());
        JsonNode verification = report.get("verification");
        assertThat(verification.get("verified").asBoolean()).isTrue();
        assertThat(verification.get("missing").asLong()).isZero();
        assertThat(verification.get("stale").asLong()).isZero();
        assertThat(verification.get("duplicates").asLong()).as("records delivered, not committed, re-sent").isPositive();
        assertThat(verification.get("events").get("lost").asLong()).as("lostEvents").isZero();
        assertThat(verification.get("events").get("emitted").asLong()).isPositive();
        JsonNode figures = report.get("figures");
        assertThat(figures.get("deadLettered").asLong()).isZero();
        assertThat(figures.get("deadLetteredExpected").asLong()).isZero();
        assertThat(figures.get("recoverySeconds").isNumber()).isTrue();
        assertThat(figures.get("recoveryLagThreshold").asLong()).isPositive();
        assertThat(figures.get("peakLag").asLong()).as("lag piled up while the app was down").isPositive();
        assertThat(figures.get("updates").asLong()).isPositive();
        assertThat(figures.get("fault").asText()).contains("SIGKILL").contains("answered after");
        assertThat(figures.get("lostEvents").asLong()).isZero();
        assertThat(figures.get("forgetfulEndpoint").asBoolean()).isTrue();

        List<String> csv = Files.readAllLines(folder.resolve(ReportWriter.SAMPLES_CSV));
        int fault = List.of(csv.get(0).split(",")).indexOf(BenchSample.FAULT);
        assertThat(fault).as("the fault column").isNotNegative();
        assertThat(csv.stream().skip(1).map(row -> row.split(",", -1)[fault])).as("seconds under the fault").contains("1");
    }

    /** A failure on a CI machine must explain itself: the report's verdict and the logs' last lines. */
    private static String whatHappened(Path root) {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals(ReportWriter.REPORT_JSON) || name.endsWith(".log")) {
                    List<String> lines = Files.readAllLines(file);
                    text.append("\n--- ").append(root.relativize(file)).append(" (last 40 lines)\n");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> text.append(l).append('\n'));
                }
            }
        } catch (IOException e) {
            text.append("(could not read the report: ").append(e).append(')');
        }
        return text.toString();
    }

    private static Path onlyFolder(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> folders = entries.toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }
}
