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
 * The scale-out scenario at a tiny size, through the command a user runs: rates with one and two
 * instances, then a second instance joins under updates and the first leaves; the endpoint
 * verifies, and the report has the rates, each change's pause and each instance's own rate.
 */
@Tag("integration")
@Tag("long")
class ScaleOutScenarioTest {

    @TempDir
    Path out;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void instancesJoinAndLeaveUnderLoadAndTheEndpointStillVerifies() throws IOException {
        int exit = CommandLines.execute(new Harness(), new String[] {"bench", "--scenario", "scale-out",
            "--customers", "2000", "--skus", "200", "--instances", "2", "--rate", "200", "--fault-after", "3s",
            "--fault-for", "5s", "--duration", "5s", "--app-kafka", "session.timeout.ms=6000",
            "--app-kafka", "heartbeat.interval.ms=1000", "--timeout", "2m", "--out", out.toString()});

        assertThat(exit).as("exit code (0 only if verified)").isZero();
        Path folder = onlyFolder(out);
        assertThat(folder.getFileName().toString()).startsWith("scale-out-");
        for (String file : List.of("instances.png", "logs/app_1.log", "logs/app_2.log", "logs/app_1-3.log", "logs/app_2-2.log")) {
            assertThat(folder.resolve(file)).as(file).isNotEmptyFile();
        }

        JsonNode report = JsonSerde.MAPPER.readTree(folder.resolve(ReportWriter.REPORT_JSON).toFile());
        JsonNode verification = report.get("verification");
        assertThat(verification.get("verified").asBoolean()).isTrue();
        assertThat(verification.get("missing").asLong()).isZero();
        assertThat(verification.get("stale").asLong()).isZero();
        assertThat(verification.has("duplicates")).isTrue();
        JsonNode figures = report.get("figures");
        assertThat(figures.get("ratePerSec1").asLong()).isPositive();
        assertThat(figures.get("ratePerSec2").asLong()).isPositive();
        assertThat(figures.get("scaling2").asDouble()).isEqualTo(BenchFigures.ratio(
                figures.get("ratePerSec2").asLong(), figures.get("ratePerSec1").asLong()));
        assertThat(figures.get("instanceBalance2").asDouble()).as("both instances delivered in the 2-instance pass").isPositive();
        for (String change : List.of("app2Join", "app1Leave")) {
            assertThat(figures.get(change + "PauseSeconds").isNumber()).as(change).isTrue();
            assertThat(figures.get(change + "OutputGapSeconds").isNumber()).as(change).isTrue();
        }
        assertThat(figures.get("app2JoinReadySeconds").asDouble()).isPositive();
        assertThat(figures.has("app2KillPauseSeconds")).as("no kill without a third instance to finish").isFalse();
        assertThat(figures.get("app1MeanDeliveredPerSec").asLong()).isPositive();
        assertThat(figures.get("app2MeanDeliveredPerSec").asLong()).isPositive();
        assertThat(figures.get("updates").asLong()).isPositive();

        List<String> csv = Files.readAllLines(folder.resolve(ReportWriter.SAMPLES_CSV));
        assertThat(csv.get(0)).contains("app_1_delivered_per_s", "app_2_delivered_per_s", "app_2_joined_per_s");
    }

    private static Path onlyFolder(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> folders = entries.toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }
}
