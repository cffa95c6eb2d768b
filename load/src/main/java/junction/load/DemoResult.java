package junction.load;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import junction.model.JsonSerde;

/**
 * What a demo run did and whether the endpoint ended right: the human summary and the final JSON
 * line a script can read.
 *
 * @param deadLetters records on the dead-letter topic (poison pills and undeliverable records)
 */
public record DemoResult(long produced, long produceFailures, long joined, EndpointStats endpoint,
                         long deadLetters, double producingSeconds, VerificationReport verification) {

    public void printSummary(PrintStream out) {
        out.printf(Locale.ROOT, "produced %,d input records (%d failed) in %.1f s%n", produced, produceFailures, producingSeconds);
        out.printf(Locale.ROOT, "joined   %,d merged records to the output topic%n", joined);
        out.printf(Locale.ROOT, "delivered %,d records to the endpoint in %,d requests (%,.0f records/s), %,d duplicates dropped, %,d dead letters%n",
                endpoint.records(), endpoint.requests(), endpoint.recordsPerSec(), endpoint.duplicates(), deadLetters);
        out.printf(Locale.ROOT, "end-to-end latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                endpoint.latencyMs().p50(), endpoint.latencyMs().p95(), endpoint.latencyMs().p99(), endpoint.latencyMs().max());
        out.printf(Locale.ROOT, "verifier: %,d customers expected, %,d at the endpoint: %d missing, %d stale, %d unexpected -> %s%n",
                verification.expected(), verification.received(), verification.missing(), verification.stale(),
                verification.unexpected(), verification.verified() ? "VERIFIED" : "NOT VERIFIED");
        if (verification.rejected() > 0 || verification.unexpectedDeadLetters() > 0) {
            out.printf(Locale.ROOT, "          %,d customers the endpoint refuses, all dead-lettered unless listed below; %d other customers dead-lettered%n",
                    verification.rejected(), verification.unexpectedDeadLetters());
        }
        EventAccount events = verification.events();
        if (events != null) {
            out.printf(Locale.ROOT, "events:   %,d emitted to the output topic: %,d received, %,d dead-lettered, %,d superseded, %d lost%n",
                    events.emitted(), events.delivered(), events.deadLettered(), events.superseded(), events.lost());
        }
        verification.examples().forEach(e -> out.println("  " + e));
    }

    /** The final line: one JSON object, figures first, the verdict last. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("produced", produced);
        json.put("joined", joined);
        json.put("delivered", endpoint.records());
        json.put("expected", verification.expected());
        json.put("missing", verification.missing());
        json.put("stale", verification.stale());
        json.put("unexpected", verification.unexpected());
        json.put("duplicates", verification.duplicates());
        json.put("lostEvents", verification.lostEvents());
        json.put("supersededEvents", verification.supersededEvents());
        json.put("dlq", deadLetters);
        json.put("rejected", verification.rejected());
        json.put("unexpectedDeadLetters", verification.unexpectedDeadLetters());
        json.put("deliveredPerSec", Math.round(endpoint.recordsPerSec()));
        json.put("e2eP99Ms", endpoint.latencyMs().p99());
        json.put("verified", verification.verified() && produceFailures == 0);
        try {
            return JsonSerde.MAPPER.writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers always serializes", e);
        }
    }
}
