package junction.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL of the Grafana dashboard ({@code metrics/grafana/dashboards/junction.json}), so a test
 * against a real Prometheus can run every panel's query.
 */
public final class DashboardQueries {

    /** One panel query as written in the dashboard, with Grafana variables. */
    public record Query(String panel, String expr) {

        /** The query as Prometheus accepts it: {@code $instance} and {@code $__rate_interval} filled in. */
        public String resolve(String instanceRegex, Duration rateInterval) {
            return expr.replace("$__rate_interval", rateInterval.toSeconds() + "s").replace("$instance", instanceRegex);
        }
    }

    private DashboardQueries() {
    }

    public static List<Query> read(Path dashboardJson) throws IOException {
        List<Query> queries = new ArrayList<>();
        collect(new ObjectMapper().readTree(dashboardJson.toFile()).path("panels"), queries);
        return queries;
    }

    /** Panels may nest inside collapsed rows. */
    private static void collect(JsonNode panels, List<Query> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    into.add(new Query(panel.path("title").asText(), target.get("expr").asText()));
                }
            }
            collect(panel.path("panels"), into);
        }
    }
}
