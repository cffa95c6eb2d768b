package junction.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import junction.model.JsonSerde;

/**
 * The outcome of comparing what the analytics endpoint holds with what the inputs say it should.
 *
 * @param expected live customers in the inputs, one merged record each
 * @param received records in the endpoint's view
 * @param missing expected customers absent from the view
 * @param stale customers present with a customer field or inventory item that differs
 * @param unexpected customers in the view that should not be there (deleted or never existed)
 * @param duplicates duplicate deliveries the endpoint dropped: allowed, reported
 * @param verified no missing, stale or unexpected record
 * @param examples a few problems, readable
 * @param rejected live customers the endpoint refuses by design (a fault test's poison records):
 *                 expected in the dead-letter topic, not at the endpoint
 * @param unexpectedDeadLetters customers the sink dead-lettered that the endpoint does not refuse
 * @param events every merged record the topology emitted, accounted for ({@link EventAccount});
 *     null when the run did not account events
 */
public record VerificationReport(
        long expected,
        long received,
        long missing,
        long stale,
        long unexpected,
        long duplicates,
        boolean verified,
        List<String> examples,
        long rejected,
        long unexpectedDeadLetters,
        EventAccount events) {

    public VerificationReport {
        examples = List.copyOf(examples);
    }

    /** A run in which the endpoint refuses nothing. */
    public VerificationReport(long expected, long received, long missing, long stale, long unexpected,
            long duplicates, boolean verified, List<String> examples) {
        this(expected, received, missing, stale, unexpected, duplicates, verified, examples, 0, 0, null);
    }

    /** A verdict on the final view alone. */
    public VerificationReport(long expected, long received, long missing, long stale, long unexpected,
            long duplicates, boolean verified, List<String> examples, long rejected, long unexpectedDeadLetters) {
        this(expected, received, missing, stale, unexpected, duplicates, verified, examples, rejected,
                unexpectedDeadLetters, null);
    }

    /** Events lost (0 when not accounted). */
    public long lostEvents() {
        return events == null ? 0 : events.lost();
    }

    /** Events superseded by a later version after re-processing (0 when not accounted). */
    public long supersededEvents() {
        return events == null ? 0 : events.superseded();
    }

    /**
     * This verdict with the event accounting: not verified if an event was lost or could not be
     * accounted for, and those problems first among the examples.
     */
    public VerificationReport withEvents(EventAccount account) {
        List<String> more = new ArrayList<>(account.examples());
        more.addAll(examples);
        return new VerificationReport(expected, received, missing, stale, unexpected, duplicates,
                verified && account.ok(), more, rejected, unexpectedDeadLetters, account);
    }

    /**
     * This verdict with a problem found by a check beyond the view (e.g. dead letters a fault
     * scenario did not expect): not verified, and the problem first among the examples.
     */
    public VerificationReport withProblem(String problem) {
        List<String> more = new ArrayList<>();
        more.add(problem);
        more.addAll(examples);
        return new VerificationReport(expected, received, missing, stale, unexpected, duplicates, false,
                more, rejected, unexpectedDeadLetters, events);
    }

    public String toJson() {
        try {
            return JsonSerde.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the report as JSON", e);
        }
    }
}
