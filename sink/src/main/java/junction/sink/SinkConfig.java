package junction.sink;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every setting of the HTTP sink. {@link #defaults()} suits a local endpoint; change settings with
 * {@link #builder()} or {@link #toBuilder()} and check them with {@link #validate()}.
 *
 * <p>{@code linger}: how long a lane waits to fill a batch; {@code backlogLinger} instead once the
 * lane's oldest record is more than ten times that old since its source timestamp (a catch-up or a
 * replay), where the wait adds at most a tenth to its latency and fewer, fuller requests are less
 * work for the endpoint.
 *
 * <p>{@code maxConnections} 0 means "as many as {@code maxInFlight}": the accessor returns the
 * effective size of the connection pool. With {@code adaptiveConcurrency} the limit on requests in
 * flight adapts (AIMD) between 1 and {@code maxInFlight}; without, it is {@code maxInFlight}.
 * {@code outageWindow}: how long every request must fail before the sink is {@link SinkState#PAUSED}.
 *
 * <p>Holds no secret: {@code auth} names where its secret is, and {@link #toString()} masks any
 * user info in the endpoint URI.
 */
public record SinkConfig(
        URI endpoint,
        int maxBatchRecords,
        int maxBatchBytes,
        Duration linger,
        Duration backlogLinger,
        int lanes,
        int maxInFlight,
        int maxBufferedRecords,
        long maxBufferedBytes,
        Duration maxUnsettledTime,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnections,
        Duration pendingAcquireTimeout,
        Duration maxIdleTime,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        Duration maxRetryTime,
        BodyFormat format,
        boolean gzip,
        Set<Integer> retryableStatuses,
        Set<Integer> refusalStatuses,
        boolean adaptiveConcurrency,
        Duration outageWindow,
        SinkAuth auth,
        SinkTls tls) {

    public SinkConfig {
        retryableStatuses = retryableStatuses == null ? null : Set.copyOf(retryableStatuses);
        refusalStatuses = refusalStatuses == null ? null : Set.copyOf(refusalStatuses);
    }

    /** Statuses that refuse the request itself (auth, routing, media type), not its records. */
    public static final Set<Integer> DEFAULT_REFUSAL_STATUSES = Set.of(401, 403, 404, 405, 407, 415);

    public static SinkConfig defaults() {
        return new SinkConfig(
                URI.create("http://localhost:8080/ingest"),
                500,
                1024 * 1024,
                Duration.ofMillis(20),
                // Under a backlog 20 ms gathered ~100 records per request at the catch-up rate; 100 ms
                // sends a fifth of the requests, which cost the endpoint a third less CPU per record
                // in the bench, at the same rate (README, Benchmarks).
                Duration.ofMillis(100),
                // Few lanes, full batches: on the benchmark machine the per-request cost (the
                // client's and the endpoint's) is what an HTTP sink pays most, and 4 lanes hide a
                // 20 ms endpoint entirely (see README, Benchmarks). Raise both for a remote endpoint
                // with a long round trip.
                4,
                4,
                20_000,
                64L * 1024 * 1024,
                // Ten seconds of deliveries unsettled at most: what a crash replays and what a
                // partition's commit can trail by, whatever the endpoint's speed.
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                0,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                BodyFormat.NDJSON,
                false,
                Set.of(408, 429, 500, 502, 503, 504),
                DEFAULT_REFUSAL_STATUSES,
                true,
                Duration.ofSeconds(10),
                SinkAuth.none(),
                SinkTls.defaults());
    }

    @Override
    public String toString() {
        String userInfo = endpoint == null ? null : endpoint.getRawUserInfo();
        String shown = userInfo == null ? String.valueOf(endpoint) : endpoint.toString().replace(userInfo + "@", "****@");
        return "SinkConfig[endpoint=" + shown + ", maxBatchRecords=" + maxBatchRecords + ", maxBatchBytes=" + maxBatchBytes
                + ", linger=" + linger + ", backlogLinger=" + backlogLinger + ", lanes=" + lanes + ", maxInFlight=" + maxInFlight
                + ", maxBufferedRecords=" + maxBufferedRecords + ", maxBufferedBytes=" + maxBufferedBytes
                + ", maxUnsettledTime=" + maxUnsettledTime + ", connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", maxConnections=" + maxConnections
                + ", pendingAcquireTimeout=" + pendingAcquireTimeout + ", maxIdleTime=" + maxIdleTime
                + ", retryInitialBackoff=" + retryInitialBackoff + ", retryMaxBackoff=" + retryMaxBackoff
                + ", maxRetryTime=" + maxRetryTime + ", format=" + format + ", gzip=" + gzip
                + ", retryableStatuses=" + retryableStatuses + ", refusalStatuses=" + refusalStatuses
                + ", adaptiveConcurrency=" + adaptiveConcurrency
                + ", outageWindow=" + outageWindow + ", auth=" + auth + ", tls=" + tls + "]";
    }

    @Override
    public int maxConnections() {
        return maxConnections > 0 ? maxConnections : maxInFlight;
    }

    /**
     * The longest one batch can take from its first record's arrival until it is settled: the longer linger,
     * then retries up to {@code maxRetryTime}, the last of which may still connect and wait for its
     * response. A full sink frees room within this time unless something is broken, so it bounds
     * how long {@code submit} and {@code close} wait, and the commit's wait for the sink. These
     * waits stand still while the sink is {@link SinkState#PAUSED}, as the retry time does.
     */
    public Duration settleTimeout() {
        Duration longestLinger = backlogLinger.compareTo(linger) > 0 ? backlogLinger : linger;
        return longestLinger.plus(maxRetryTime).plus(pendingAcquireTimeout).plus(connectTimeout).plus(responseTimeout);
    }

    /** The first problem of this configuration as one line naming the setting, or empty when it is usable. */
    public Optional<String> validate() {
        return Stream.of(
                        endpointProblem(),
                        atLeast("maxBatchRecords", maxBatchRecords, 1),
                        atLeast("maxBatchBytes", maxBatchBytes, 1),
                        notNegative("linger", linger),
                        notNegative("backlogLinger", backlogLinger),
                        atLeast("lanes", lanes, 1),
                        atLeast("maxInFlight", maxInFlight, 1),
                        atLeast("maxBufferedRecords", maxBufferedRecords, 1),
                        atLeast("maxBufferedBytes", maxBufferedBytes, 1),
                        positive("maxUnsettledTime", maxUnsettledTime),
                        positive("connectTimeout", connectTimeout),
                        connectTimeout != null && connectTimeout.toMillis() > Integer.MAX_VALUE
                                ? "sink.connectTimeout must be < " + Integer.MAX_VALUE + " ms, was " + connectTimeout
                                : null,
                        positive("responseTimeout", responseTimeout),
                        atLeast("maxConnections", maxConnections, 0),
                        positive("pendingAcquireTimeout", pendingAcquireTimeout),
                        positive("maxIdleTime", maxIdleTime),
                        positive("retryInitialBackoff", retryInitialBackoff),
                        positive("retryMaxBackoff", retryMaxBackoff),
                        retryMaxBackoff != null && retryInitialBackoff != null
                                        && retryMaxBackoff.compareTo(retryInitialBackoff) < 0
                                ? "sink.retryMaxBackoff must be >= sink.retryInitialBackoff (" + retryInitialBackoff
                                        + "), was " + retryMaxBackoff
                                : null,
                        notNegative("maxRetryTime", maxRetryTime),
                        format == null ? "sink.format must be NDJSON or JSON_ARRAY, was null" : null,
                        statusesProblem("retryableStatuses", retryableStatuses),
                        statusesProblem("refusalStatuses", refusalStatuses),
                        retryableStatuses != null && refusalStatuses != null
                                ? retryableStatuses.stream().filter(refusalStatuses::contains).findFirst()
                                        .map(status -> "sink.refusalStatuses must not hold a retryable status, had " + status)
                                        .orElse(null)
                                : null,
                        positive("outageWindow", outageWindow),
                        auth == null ? "sink.auth must be set (SinkAuth.none() for none), was null" : auth.problem(),
                        tls == null ? "sink.tls must be set (SinkTls.defaults() for the JDK's), was null" : tls.problem())
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** This configuration, or an IllegalArgumentException with the first problem. */
    public SinkConfig validated() {
        validate().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return this;
    }

    private String endpointProblem() {
        boolean usable = endpoint != null && endpoint.getHost() != null
                && ("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()));
        return usable ? null : "sink.endpoint must be an http or https URI with a host, was " + endpoint;
    }

    private static String statusesProblem(String name, Set<Integer> statuses) {
        if (statuses == null) {
            return "sink." + name + " must be a set of HTTP statuses, was null";
        }
        return statuses.stream()
                .filter(status -> status < 100 || status > 599)
                .findFirst()
                .map(status -> "sink." + name + " must hold HTTP statuses (100..599), had " + status)
                .orElse(null);
    }

    private static String atLeast(String name, long value, long min) {
        return value >= min ? null : "sink." + name + " must be " + (min == 0 ? ">= 0" : "> " + (min - 1)) + ", was " + value;
    }

    private static String positive(String name, Duration value) {
        return value != null && value.compareTo(Duration.ZERO) > 0 ? null : "sink." + name + " must be > 0, was " + value;
    }

    private static String notNegative(String name, Duration value) {
        return value != null && !value.isNegative() ? null : "sink." + name + " must be >= 0, was " + value;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** Changes some settings of a configuration; {@link #build()} does not validate. */
    public static final class Builder {
        private URI endpoint;
        private int maxBatchRecords;
        private int maxBatchBytes;
        private Duration linger;
        private Duration backlogLinger;
        private int lanes;
        private int maxInFlight;
        private int maxBufferedRecords;
        private long maxBufferedBytes;
        private Duration maxUnsettledTime;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private int maxConnections;
        private Duration pendingAcquireTimeout;
        private Duration maxIdleTime;
        private Duration retryInitialBackoff;
        private Duration retryMaxBackoff;
        private Duration maxRetryTime;
        private BodyFormat format;
        private boolean gzip;
        private Set<Integer> retryableStatuses;
        private Set<Integer> refusalStatuses;
        private boolean adaptiveConcurrency;
        private Duration outageWindow;
        private SinkAuth auth;
        private SinkTls tls;

        private Builder(SinkConfig c) {
            endpoint = c.endpoint;
            maxBatchRecords = c.maxBatchRecords;
            maxBatchBytes = c.maxBatchBytes;
            linger = c.linger;
            backlogLinger = c.backlogLinger;
            lanes = c.lanes;
            maxInFlight = c.maxInFlight;
            maxBufferedRecords = c.maxBufferedRecords;
            maxBufferedBytes = c.maxBufferedBytes;
            maxUnsettledTime = c.maxUnsettledTime;
            connectTimeout = c.connectTimeout;
            responseTimeout = c.responseTimeout;
            maxConnections = c.maxConnections;
            pendingAcquireTimeout = c.pendingAcquireTimeout;
            maxIdleTime = c.maxIdleTime;
            retryInitialBackoff = c.retryInitialBackoff;
            retryMaxBackoff = c.retryMaxBackoff;
            maxRetryTime = c.maxRetryTime;
            format = c.format;
            gzip = c.gzip;
            retryableStatuses = c.retryableStatuses;
            refusalStatuses = c.refusalStatuses;
            adaptiveConcurrency = c.adaptiveConcurrency;
            outageWindow = c.outageWindow;
            auth = c.auth;
            tls = c.tls;
        }

        public Builder endpoint(URI value) {
            endpoint = value;
            return this;
        }

        public Builder maxBatchRecords(int value) {
            maxBatchRecords = value;
            return this;
        }

        public Builder maxBatchBytes(int value) {
            maxBatchBytes = value;
            return this;
        }

        public Builder linger(Duration value) {
            linger = value;
            return this;
        }

        public Builder backlogLinger(Duration value) {
            backlogLinger = value;
            return this;
        }

        public Builder lanes(int value) {
            lanes = value;
            return this;
        }

        public Builder maxInFlight(int value) {
            maxInFlight = value;
            return this;
        }

        public Builder maxBufferedRecords(int value) {
            maxBufferedRecords = value;
            return this;
        }

        public Builder maxBufferedBytes(long value) {
            maxBufferedBytes = value;
            return this;
        }

        public Builder maxUnsettledTime(Duration value) {
            maxUnsettledTime = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder responseTimeout(Duration value) {
            responseTimeout = value;
            return this;
        }

        /** 0 makes the pool as large as {@code maxInFlight}. */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder pendingAcquireTimeout(Duration value) {
            pendingAcquireTimeout = value;
            return this;
        }

        public Builder maxIdleTime(Duration value) {
            maxIdleTime = value;
            return this;
        }

        public Builder retryInitialBackoff(Duration value) {
            retryInitialBackoff = value;
            return this;
        }

        public Builder retryMaxBackoff(Duration value) {
            retryMaxBackoff = value;
            return this;
        }

        public Builder maxRetryTime(Duration value) {
            maxRetryTime = value;
            return this;
        }

        public Builder format(BodyFormat value) {
            format = value;
            return this;
        }

        public Builder gzip(boolean value) {
            gzip = value;
            return this;
        }

        public Builder retryableStatuses(Set<Integer> value) {
            retryableStatuses = value;
            return this;
        }

        public Builder refusalStatuses(Set<Integer> value) {
            refusalStatuses = value;
            return this;
        }

        /** False: the limit on requests in flight is {@code maxInFlight}, fixed. */
        public Builder adaptiveConcurrency(boolean value) {
            adaptiveConcurrency = value;
            return this;
        }

        public Builder outageWindow(Duration value) {
            outageWindow = value;
            return this;
        }

        public Builder auth(SinkAuth value) {
            auth = value;
            return this;
        }

        public Builder tls(SinkTls value) {
            tls = value;
            return this;
        }

        public SinkConfig build() {
            return new SinkConfig(endpoint, maxBatchRecords, maxBatchBytes, linger, backlogLinger, lanes, maxInFlight,
                    maxBufferedRecords, maxBufferedBytes, maxUnsettledTime, connectTimeout, responseTimeout,
                    maxConnections, pendingAcquireTimeout, maxIdleTime, retryInitialBackoff, retryMaxBackoff,
                    maxRetryTime, format, gzip, retryableStatuses, refusalStatuses, adaptiveConcurrency,
                    outageWindow, auth, tls);
        }
    }
}
