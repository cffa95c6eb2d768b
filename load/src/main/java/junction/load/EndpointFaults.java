package junction.load;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import junction.cli.Durations;
import junction.model.JsonSerde;

/**
 * The faults the analytics endpoint injects into {@code POST /ingest}, so the sink can be tested
 * against a misbehaving service. Immutable and always valid (the constructor refuses bad values
 * with an {@link IllegalArgumentException} naming the field); JSON with durations written as
 * {@code "20ms"} or {@code "1s"}. {@link #fromJson} and {@link #withJson} read a JSON object of
 * some fields only and refuse unknown ones.
 *
 * <p>Per request, one draw decides between a connection reset, a 429, an error status and a
 * normal answer, so each rate is the share of requests that fault gets and the three rates add up
 * to at most 1. Latency, jitter and the slow share are drawn apart and delay any of them.
 *
 * @param latency fixed delay before every ingest request is answered
 * @param jitter extra delay drawn uniformly from 0 to this
 * @param errorRate share of requests answered with one of {@code errorStatuses}
 * @param errorStatuses statuses an error answer picks from, uniformly
 * @param throttleRate share of requests answered 429 with a {@code Retry-After} header
 * @param retryAfter the {@code Retry-After} of a 429, in whole seconds (rounded up)
 * @param resetRate share of requests whose connection is reset (TCP RST) without an answer
 * @param slowRate share of requests delayed a further {@code slowDelay}
 * @param slowDelay delay of a slow request; meant to outlast the client's response timeout
 * @param rejectCustomers customer ids refused with 400: a batch holding one is kept not at all
 * @param downAfter when the down window starts, from the moment these faults are set
 * @param downFor length of the down window (connections refused), 0 for none; a window is a
 *     one-off: it is scheduled when the faults are set and is not part of the faults in force
 * @param seed seed of the random draws for a reproducible run; null draws a random seed
 * @param crawlRate records per second the endpoint processes at most, over all requests (0: no
 *     limit): a request of n records is answered once a shared token bucket, filling at this rate
 *     in arrival order, admitted its n records; a request its client gave up on still spent its
 *     share, as a real server's work would
 * @param downStatus the status every ingest request gets during the down window, the port staying
 *     open (e.g. 401 for an expired token); 0 refuses connections instead
 * @param rejectStatus the status answering a batch that holds one of {@code rejectCustomers}:
 *     400 (refused records) by default, 500 for a record that makes the endpoint fail
 * @param forgetful the endpoint remembers no event id and keeps each customer's highest
 *     {@code version} only, ignoring (with 200) a record older than what it holds: a
 *     last-writer-wins receiver, not a fault as such (see {@link Ledger})
 * @param holdResponses ingest requests are read but neither applied nor answered while this
 *     holds; when it is turned off, the held requests whose connection is still open are applied
 *     and answered, the others (their sender gave up or died) are forgotten
 */
public record EndpointFaults(
        @JsonDuration Duration latency,
        @JsonDuration Duration jitter,
        double errorRate,
        List<Integer> errorStatuses,
        double throttleRate,
        @JsonDuration Duration retryAfter,
        double resetRate,
        double slowRate,
        @JsonDuration Duration slowDelay,
        Set<String> rejectCustomers,
        @JsonDuration Duration downAfter,
        @JsonDuration Duration downFor,
        Long seed,
        int crawlRate,
        int downStatus,
        Integer rejectStatus,
        boolean forgetful,
        boolean holdResponses) {

    public static final List<Integer> DEFAULT_ERROR_STATUSES = List.of(500, 502, 503);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** Beyond the sink's default response timeout (10 s), so a slow request times out there. */
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(15);
    public static final int DEFAULT_REJECT_STATUS = 400;

    // A misspelt fault must not be ignored silently: the run would test nothing.
    private static final ObjectReader READER = JsonSerde.MAPPER.readerFor(EndpointFaults.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** No faults: the endpoint behaves. */
    public static final EndpointFaults NONE = builder().build();

    public EndpointFaults {
        latency = orDefault(latency, Duration.ZERO);
        jitter = orDefault(jitter, Duration.ZERO);
        retryAfter = orDefault(retryAfter, DEFAULT_RETRY_AFTER);
        slowDelay = orDefault(slowDelay, DEFAULT_SLOW_DELAY);
        downAfter = orDefault(downAfter, Duration.ZERO);
        downFor = orDefault(downFor, Duration.ZERO);
        errorStatuses = errorStatuses == null ? DEFAULT_ERROR_STATUSES : List.copyOf(new TreeSet<>(errorStatuses));
        // Sorted, so the JSON of equal faults is equal.
        rejectCustomers = rejectCustomers == null ? Set.of()
                : Collections.unmodifiableSortedSet(new TreeSet<>(rejectCustomers));

        nonNegative("latency", latency);
        nonNegative("jitter", jitter);
        nonNegative("retryAfter", retryAfter);
        nonNegative("slowDelay", slowDelay);
        nonNegative("downAfter", downAfter);
        nonNegative("downFor", downFor);
        share("errorRate", errorRate);
        share("throttleRate", throttleRate);
        share("resetRate", resetRate);
        share("slowRate", slowRate);
        double failing = resetRate + throttleRate + errorRate;
        if (failing > 1.0) {
            throw new IllegalArgumentException(
                    "resetRate + throttleRate + errorRate must add up to at most 1, was " + failing);
        }
        if (errorStatuses.isEmpty() && errorRate > 0) {
            throw new IllegalArgumentException("errorStatuses must not be empty when errorRate is above 0");
        }
        for (int status : errorStatuses) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("errorStatuses must be 400..599, was " + status);
            }
        }
        if (slowRate > 0 && slowDelay.isZero()) {
            throw new IllegalArgumentException("slowDelay must be above 0 when slowRate is above 0");
        }
        if (!downAfter.isZero() && downFor.isZero()) {
            throw new IllegalArgumentException("downAfter needs downFor (the length of the down window)");
        }
        if (rejectCustomers.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("rejectCustomers must not hold a blank customer id");
        }
        rejectStatus = rejectStatus == null ? DEFAULT_REJECT_STATUS : rejectStatus;
        if (crawlRate < 0) {
            throw new IllegalArgumentException("crawlRate must not be negative, was " + crawlRate);
        }
        if (downStatus != 0 && (downStatus < 400 || downStatus > 599)) {
            throw new IllegalArgumentException("downStatus must be 400..599 (or 0 to refuse connections), was " + downStatus);
        }
        if (rejectStatus < 400 || rejectStatus > 599) {
            throw new IllegalArgumentException("rejectStatus must be 400..599, was " + rejectStatus);
        }
    }

    /** Faults from a JSON object; absent fields take the values of {@link #NONE}. */
    public static EndpointFaults fromJson(byte[] json) throws IOException {
        return NONE.withJson(json);
    }

    /**
     * These faults with the fields of a JSON object over them, e.g. {@code {"errorRate":0.3}}.
     *
     * @throws IOException not a JSON object, an unknown field or an unreadable value
     * @throws IllegalArgumentException a value out of range (the message names the field)
     */
    public EndpointFaults withJson(byte[] json) throws IOException {
        JsonNode posted = JsonSerde.MAPPER.readTree(json);
        if (!(posted instanceof ObjectNode fields)) {
            throw new IllegalArgumentException("expected a JSON object of faults, e.g. {\"errorRate\":0.3}");
        }
        ObjectNode merged = JsonSerde.MAPPER.valueToTree(this);
        merged.setAll(fields);
        return READER.readValue(merged);
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static void nonNegative(String field, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + Durations.format(value));
        }
    }

    private static void share(String field, double value) {
        // Written so that NaN fails too.
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " must be within 0..1, was " + value);
        }
    }

    /** Whether a down window is asked for. */
    public boolean hasDownWindow() {
        return !downFor.isZero();
    }

    /** These faults with a forgetful (last-writer-wins on version) endpoint, or a remembering one. */
    public EndpointFaults withForgetful(boolean value) {
        return toBuilder().forgetful(value).build();
    }

    /** These faults without the down window: the faults in force once the window is scheduled. */
    public EndpointFaults withoutDownWindow() {
        return toBuilder().downAfter(Duration.ZERO).downFor(Duration.ZERO).build();
    }

    /** These faults with a down window of {@code length} starting {@code after} from when they are set. */
    public EndpointFaults withDownWindow(Duration after, Duration length) {
        return toBuilder().downAfter(after).downFor(length).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts from no faults; {@link #build()} validates. */
    public static final class Builder {
        private Duration latency;
        private Duration jitter;
        private double errorRate;
        private List<Integer> errorStatuses;
        private double throttleRate;
        private Duration retryAfter;
        private double resetRate;
        private double slowRate;
        private Duration slowDelay;
        private Set<String> rejectCustomers;
        private Duration downAfter;
        private Duration downFor;
        private Long seed;
        private int crawlRate;
        private int downStatus;
        private Integer rejectStatus;
        private boolean forgetful;
        private boolean holdResponses;

        private Builder() {
        }

        private Builder(EndpointFaults f) {
            latency = f.latency;
            jitter = f.jitter;
            errorRate = f.errorRate;
            errorStatuses = f.errorStatuses;
            throttleRate = f.throttleRate;
            retryAfter = f.retryAfter;
            resetRate = f.resetRate;
            slowRate = f.slowRate;
            slowDelay = f.slowDelay;
            rejectCustomers = f.rejectCustomers;
            downAfter = f.downAfter;
            downFor = f.downFor;
            seed = f.seed;
            crawlRate = f.crawlRate;
            downStatus = f.downStatus;
            rejectStatus = f.rejectStatus;
            forgetful = f.forgetful;
            holdResponses = f.holdResponses;
        }

        public Builder latency(Duration value) {
            latency = value;
            return this;
        }

        public Builder jitter(Duration value) {
            jitter = value;
            return this;
        }

        /** Errors on this share of requests, with the statuses set apart (default 500, 502, 503). */
        public Builder errorRate(double value) {
            errorRate = value;
            return this;
        }

        public Builder errorStatuses(Collection<Integer> value) {
            errorStatuses = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder throttleRate(double value) {
            throttleRate = value;
            return this;
        }

        public Builder retryAfter(Duration value) {
            retryAfter = value;
            return this;
        }

        public Builder resetRate(double value) {
            resetRate = value;
            return this;
        }

        public Builder slowRate(double value) {
            slowRate = value;
            return this;
        }

        public Builder slowDelay(Duration value) {
            slowDelay = value;
            return this;
        }

        public Builder rejectCustomers(Collection<String> value) {
            rejectCustomers = value == null ? null : Set.copyOf(value);
            return this;
        }

        public Builder downAfter(Duration value) {
            downAfter = value;
            return this;
        }

        public Builder downFor(Duration value) {
            downFor = value;
            return this;
        }

        public Builder seed(Long value) {
            seed = value;
            return this;
        }

        /** At most this many records per second over all requests; 0 for no limit. */
        public Builder crawlRate(int value) {
            crawlRate = value;
            return this;
        }

        /** The down window answers this status to every ingest request instead of refusing connections; 0 refuses. */
        public Builder downStatus(int value) {
            downStatus = value;
            return this;
        }

        /** The status refusing a batch with a rejected customer (default 400). */
        public Builder rejectStatus(Integer value) {
            rejectStatus = value;
            return this;
        }

        public Builder forgetful(boolean value) {
            forgetful = value;
            return this;
        }

        public Builder holdResponses(boolean value) {
            holdResponses = value;
            return this;
        }

        public EndpointFaults build() {
            return new EndpointFaults(latency, jitter, errorRate, errorStatuses, throttleRate, retryAfter,
                    resetRate, slowRate, slowDelay, rejectCustomers, downAfter, downFor, seed,
                    crawlRate, downStatus, rejectStatus, forgetful, holdResponses);
        }
    }

    /** A duration in JSON as people write it: {@code "250ms"}, {@code "60s"}, {@code "2m"} (or ISO {@code "PT1M"}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @JacksonAnnotationsInside
    @JsonSerialize(using = DurationWriter.class)
    @JsonDeserialize(using = DurationReader.class)
    @interface JsonDuration {
    }

    static final class DurationWriter extends StdScalarSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationWriter() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    static final class DurationReader extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationReader() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getText();
            try {
                return Durations.parse(text);
            } catch (RuntimeException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "not a duration (use e.g. 250ms, 10s, 2m)");
            }
        }
    }
}
