package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.load.EventAccount;
import junction.load.VerificationReport;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultSummaryTest {

    @TempDir
    Path folder;

    private static BenchCommand.Run run(String scenario, long duplicates, long letters, long expected, double recovery,
            boolean verified) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("recoverySeconds", recovery);
        figures.put("deadLettered", letters);
        figures.put("deadLetteredExpected", expected);
        figures.put("longestCommitGapSeconds", 1.5);
        VerificationReport verdict = new VerificationReport(100, 100, 0, verified ? 0 : 2, 0, duplicates, verified,
                List.of());
        if (verified) {
            verdict = verdict.withEvents(new EventAccount(1_000, 988, 0, 12, 0, 0, List.of()));
        }
        return new BenchCommand.Run(scenario, new Scenario.Outcome(figures, verdict), Path.of("out", scenario));
    }

    @Test
    void aRowPerScenarioInTheTableTheFilesAndTheFinalLine() throws Exception {
        FaultSummary summary = FaultSummary.of(List.of(
                run("crash", 1168, 0, 0, 61.0, true),
                run("poison", 0, 182, 303, 0.0, false),
                new BenchCommand.Run("rebalance", new Scenario.Outcome(
                        Map.of(BenchCommand.ERROR_FIGURE, "app_2 not ready"), null), Path.of("out", "rebalance"))));

        assertThat(summary.table().lines()).containsExactly(
                "| scenario | missing | stale | duplicates | lostEvents | supersededEvents | dead-lettered (expected) | recovery (s) | longest commit gap (s) | verified |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
                "| crash | 0 | 0 | 1,168 | 0 | 12 | 0 (0) | 61.0 | 1.5 | yes |",
                "| poison | 0 | 2 | 0 | - | - | 182 (303) | 0.0 | 1.5 | NO |",
                "| rebalance | - | - | - | - | - | - (-) | - | - | NO (app_2 not ready) |");
        assertThat(summary.verified()).isFalse();

        JsonNode line = JsonSerde.MAPPER.readTree(summary.line(folder));
        assertThat(line.get("scenario").asText()).isEqualTo("all");
        assertThat(line.get("verified").asBoolean()).isFalse();
        assertThat(line.get("scenarios")).hasSize(3);
        JsonNode crash = line.get("scenarios").get(0);
        assertThat(crash.get("duplicates").asLong()).isEqualTo(1168);
        assertThat(crash.get("lostEvents").asLong()).isZero();
        assertThat(crash.get("supersededEvents").asLong()).isEqualTo(12);
        assertThat(crash.get("recoverySeconds").asDouble()).isEqualTo(61.0);
        assertThat(crash.get("longestCommitGapSeconds").asDouble()).isEqualTo(1.5);
        assertThat(crash.get("verified").asBoolean()).isTrue();
        assertThat(line.get("scenarios").get(2).get("missing").isNull()).isTrue();

        summary.write(folder);
        assertThat(Files.readString(folder.resolve(FaultSummary.TABLE_FILE))).contains("| crash | 0 | 0 | 1,168 |");
        assertThat(JsonSerde.MAPPER.readTree(folder.resolve(FaultSummary.JSON_FILE).toFile()).get("scenarios")).hasSize(3);
    }

    @Test
    void allVerifiedIsVerified() {
        assertThat(FaultSummary.of(List.of(run("crash", 3, 0, 0, 1.0, true))).verified()).isTrue();
        assertThat(FaultSummary.of(List.of()).verified()).isFalse();
    }
}
