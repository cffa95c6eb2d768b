package junction.load.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import junction.load.VerificationReport;
import junction.model.JsonSerde;

/**
 * The last line {@code bench} prints: one JSON object a script can read, with the scenario, its
 * numeric figures (texts such as definitions stay in {@code report.json}), the verifier's counts
 * and the verdict. A run without a verdict (it failed before verifying) is not verified.
 */
final class BenchSummary {

    private BenchSummary() {
    }

    static String line(String scenario, Scenario.Outcome outcome, Path folder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        outcome.figures().forEach((name, value) -> {
            if (value instanceof Number || Scenario.WARNINGS.equals(name)) {
                json.put(name, value);
            }
        });
        Object error = outcome.figures().get(BenchCommand.ERROR_FIGURE);
        if (error != null) {
            json.put(BenchCommand.ERROR_FIGURE, error);
        }
        VerificationReport v = outcome.verification();
        json.put("missing", v == null ? null : v.missing());
        json.put("stale", v == null ? null : v.stale());
        json.put("unexpected", v == null ? null : v.unexpected());
        json.put("duplicates", v == null ? null : v.duplicates());
        json.put("verified", v != null && v.verified());
        json.put("report", folder.toString());
        try {
            return JsonSerde.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers and strings always serialize", e);
        }
    }
}
