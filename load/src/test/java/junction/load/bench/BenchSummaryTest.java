package junction.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junction.load.VerificationReport;
import junction.model.JsonSerde;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {

    private static final Path FOLDER = Path.of("target/bench/throughput-20260101-000000");

    @Test
    void carriesTheNumericFiguresInOrderThenTheVerdict() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("bareJoinPerSec", 10_000L);
        figures.put("deliveredPerSec", 9_000L);
        figures.put("sinkEfficiency", 0.9);
        figures.put("rateDefinition", "input records / seconds");
        VerificationReport verdict = new VerificationReport(100, 100, 0, 0, 0, 3, true, List.of());

        String line = BenchSummary.line("throughput", new Scenario.Outcome(figures, verdict), FOLDER);

        assertThat(line).doesNotContain("\n");
        JsonNode json = JsonSerde.MAPPER.readTree(line);
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("scenario", "bareJoinPerSec", "deliveredPerSec", "sinkEfficiency",
                "missing", "stale", "unexpected", "duplicates", "verified", "report");
        assertThat(json.get("sinkEfficiency").asDouble()).isEqualTo(0.9);
        assertThat(json.get("duplicates").asLong()).isEqualTo(3);
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("report").asText()).isEqualTo(FOLDER.toString());
    }

    @Test
    void aVerdictWithProblemsIsNotVerified() throws Exception {
        VerificationReport verdict = new VerificationReport(100, 98, 2, 1, 0, 0, false, List.of("missing c1"));

        JsonNode json = JsonSerde.MAPPER.readTree(
                BenchSummary.line("baseline", new Scenario.Outcome(Map.of(), verdict), FOLDER));

        assertThat(json.get("missing").asLong()).isEqualTo(2);
        assertThat(json.get("stale").asLong()).isEqualTo(1);
        assertThat(json.get("verified").asBoolean()).isFalse();
    }

    @Test
    void aRunThatFailedBeforeVerifyingIsNotVerifiedAndSaysWhy() throws Exception {
        JsonNode json = JsonSerde.MAPPER.readTree(BenchSummary.line("throughput",
                new Scenario.Outcome(Map.of(BenchCommand.ERROR_FIGURE, "app_full not ready"), null), FOLDER));

        assertThat(json.get("error").asText()).isEqualTo("app_full not ready");
        assertThat(json.get("missing").isNull()).isTrue();
        assertThat(json.get("verified").asBoolean()).isFalse();
    }
}
