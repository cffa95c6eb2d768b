package junction.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import junction.cli.Durations;
import junction.load.CustomerInventoryCodec.InvalidBodyException;
import junction.model.CustomerInventory;
import junction.model.JsonSerde;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-in for the analytics service junction delivers to: a Reactor Netty HTTP server that
 * keeps the latest record per customer and counts what it received, so runs can be measured and
 * verified; and that misbehaves on demand ({@link EndpointFaults}), so delivery can be tested.
 *
 * <ul>
 *   <li>{@code POST /ingest}: NDJSON, or a JSON array with {@code Content-Type: application/json};
 *       optionally {@code Content-Encoding: gzip}. 200 with {@code {"accepted":n,"duplicates":d}},
 *       400 with {@code {"error":...}} when the body cannot be read, or the faults' {@code rejectStatus}
 *       (400 by default) when it holds a rejected customer
 *       (nothing of it is kept); or, by the faults in force, late, an error status, 429 with
 *       {@code Retry-After}, or a reset connection.
 *   <li>{@code GET /stats}: {@link EndpointStats} as JSON.
 *   <li>{@code GET /latency}: the end-to-end latency histogram since the last reset (milliseconds;
 *       HdrHistogram's compressed encoding in base64), for percentiles of any stretch of a run
 *       taken by another process ({@link EndpointClient#latencyHistogram}).
 *   <li>{@code GET /view}: NDJSON of the latest record of every customer not deleted.
 *   <li>{@code GET /received}: every event id received since the last reset, one per line, applied
 *       or not (for verification: a forgetful endpoint keeps this log too, but never consults it).
 *   <li>{@code POST /reset}: forgets everything (records and counts; the faults stay).
 *       {@code POST /reset?counters}: zeroes counts and latencies only, keeping the records and the
 *       event ids seen, to measure a later phase of a run over the same view.
 *   <li>{@code POST /gc}: a full garbage collection now, answered once it is over: a bench calls it
 *       before a measured phase, so that no collection of what the endpoint keeps falls into it.
 *   <li>{@code GET /faults}: the faults in force as JSON. {@code POST /faults}: changes the fields
 *       given (e.g. {@code {"errorRate":0.3}}), the others stay; a {@code downFor} (and
 *       {@code downAfter}) schedules a down window and the answer comes at once. 400 with
 *       {@code {"error":...}} for an unknown field or a bad value. {@code DELETE /faults}: no
 *       faults, and no down window to come.
 * </ul>
 *
 * <p>During a down window nothing answers, {@code /stats} included: the port refuses connections;
 * unless the faults name a {@code downStatus}: then the port stays open and every ingest request
 * gets that status for the window (an expired token's 401, say). With a {@code crawlRate}, a
 * readable batch is answered only once the endpoint's shared crawl admitted its records.
 * While {@code holdResponses} is in force, ingest requests are read and then held: not applied,
 * not answered, until it is turned off (see {@link EndpointFaults}).
 */
public final class AnalyticsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsEndpoint.class);
    static final String NDJSON = "application/x-ndjson";
    /** The request header naming a batch across retries (IETF draft "The Idempotency-Key HTTP Header Field"). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int VIEW_CHUNK = 1000;
    /** The sender's consumer-group generation (junction's sink sets it). */
    static final String GENERATION_HEADER = "Junction-Group-Generation";

    /** What a reset forgets; one object, so a request is never counted half in one run and half in the next. */
    private record Run(Ledger ledger, FaultCounters faults) {
        Run() {
            this(new Ledger(), new FaultCounters());
        }
    }

    private final AtomicReference<Run> run = new AtomicReference<>(new Run());
    private final AtomicReference<FaultInjector> injector = new AtomicReference<>(new FaultInjector(EndpointFaults.NONE));
    /** The Authorization value ingest requires, or null. */
    private final AtomicReference<byte[]> requiredAuthorization = new AtomicReference<>();
    /** The down window answering a status, on the System.nanoTime() clock; null when none is set. */
    private final AtomicReference<StatusWindow> statusWindow = new AtomicReference<>();
    /** Completes when a hold ends; replaced by a fresh one at that moment. */
    private final AtomicReference<Sinks.Empty<Void>> holdRelease = new AtomicReference<>(Sinks.empty());
    /** The event ids of each request held now. */
    private final Set<List<String>> held = ConcurrentHashMap.newKeySet();
    private final InterruptibleServer server;

    private AnalyticsEndpoint(String host, int port, EndpointFaults faults) {
        // In force before the port opens, so no request slips through without them.
        enforce(faults);
        this.server = new InterruptibleServer(HttpServer.create()
                .host(host)
                .port(port)
                .route(routes -> routes
                        .post("/ingest", this::ingest)
                        .get("/stats", (req, res) -> sendJson(res, HttpResponseStatus.OK, stats()))
                        .get("/latency", (req, res) -> sendLatency(res))
                        .get("/view", (req, res) -> sendView(res))
                        .get("/received", (req, res) -> sendReceived(res))
                        .post("/reset", (req, res) -> {
                            boolean countersOnly = new QueryStringDecoder(req.uri()).parameters().containsKey("counters");
                            if (countersOnly) {
                                resetCounters();
                            } else {
                                reset();
                            }
                            return sendJson(res, HttpResponseStatus.OK, Map.of("reset", countersOnly ? "counters" : "all"));
                        })
                        .post("/gc", (req, res) -> res.sendString(Mono.fromCallable(() -> {
                            // The collector's own work, on a thread that may block; not on the event loop.
                            System.gc();
                            return "collected";
                        }).subscribeOn(Schedulers.boundedElastic())).then())
                        .get("/faults", (req, res) -> sendJson(res, HttpResponseStatus.OK, faults()))
                        .post("/faults", this::changeFaults)
                        .delete("/faults", (req, res) -> {
                            clearFaults();
                            return sendJson(res, HttpResponseStatus.OK, faults());
                        })));
        log.info("analytics endpoint listening on {}", uri());
        scheduleDownWindow(faults);
    }

    /** Starts an endpoint on localhost and a free port. */
    public static AnalyticsEndpoint start() {
        return start("localhost", 0);
    }

    /** Starts an endpoint on the host and port (0 picks a free one). */
    public static AnalyticsEndpoint start(String host, int port) {
        return start(host, port, EndpointFaults.NONE);
    }

    /** Starts an endpoint with these faults in force; their down window counts from now. */
    public static AnalyticsEndpoint start(String host, int port, EndpointFaults faults) {
        return new AnalyticsEndpoint(host, port, faults);
    }

    /** The bound port; the same after a down window. */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port}, the base for the paths above. */
    public String uri() {
        return "http://" + server.host() + ":" + server.port();
    }

    public EndpointStats stats() {
        Run current = run.get();
        return current.ledger().stats().withFaults(current.faults().snapshot());
    }

    /** A snapshot of the latest record per customer, deleted customers absent. */
    public Map<String, CustomerInventory> view() {
        return run.get().ledger().view();
    }

    /** Every event id received since the last reset, applied or not. */
    public Set<String> receivedEventIds() {
        return run.get().ledger().receivedEventIds();
    }

    /** The event ids of the requests held now (while {@code holdResponses} is in force). */
    public Set<String> heldEventIds() {
        Set<String> ids = new HashSet<>();
        held.forEach(ids::addAll);
        return ids;
    }

    /**
     * A mark in the end-to-end latencies recorded so far: {@link #latencySince} gives the
     * percentiles of what came after it alone, e.g. the steady state after a catch-up, while
     * {@link #stats()} keeps covering the whole run.
     */
    public LatencyMark markLatency() {
        Ledger ledger = run.get().ledger();
        return new LatencyMark(ledger, ledger.latencySnapshot());
    }

    /** Percentiles of the latencies recorded since {@code mark}; all 0 if none (or the endpoint was reset since). */
    public EndpointStats.Latency latencySince(LatencyMark mark) {
        Ledger current = run.get().ledger();
        return current == mark.ledger ? current.latencySince(mark.snapshot) : new EndpointStats.Latency(0, 0, 0, 0);
    }

    /** See {@link #markLatency()}. */
    public static final class LatencyMark {

        private final Ledger ledger;
        private final Histogram snapshot;

        private LatencyMark(Ledger ledger, Histogram snapshot) {
            this.ledger = ledger;
            this.snapshot = snapshot;
        }
    }

    /** Forgets all records, ids and counters. */
    public void reset() {
        run.set(new Run());
    }

    /** Zeroes counts and latencies, keeping the records and the event ids seen. */
    public void resetCounters() {
        run.updateAndGet(current -> new Run(current.ledger().withFreshCounters(), new FaultCounters()));
    }

    /** The faults in force (without a down window: that is scheduled, not kept). */
    public EndpointFaults faults() {
        return injector.get().faults();
    }

    /**
     * Puts these faults in force in place of the current ones and restarts their random draws
     * from the seed. A down window in them replaces one not over yet; without one, a window
     * already scheduled stays.
     */
    public void faults(EndpointFaults faults) {
        enforce(faults);
        scheduleDownWindow(faults);
    }

    /** No faults from now on; a down window to come is forgotten and one under way ends. */
    public void clearFaults() {
        enforce(EndpointFaults.NONE);
        server.cancelDownWindow();
        statusWindow.set(null);
    }

    /** Whether the endpoint is in a down window now that answers ingest requests with its {@code downStatus}. */
    public boolean inStatusWindow() {
        StatusWindow window = statusWindow.get();
        return window != null && window.covers(System.nanoTime());
    }

    /** A down window that answers {@code status} from {@code fromNanos} until {@code untilNanos}. */
    private record StatusWindow(long fromNanos, long untilNanos, int status) {
        boolean covers(long nanos) {
            return nanos - fromNanos >= 0 && nanos - untilNanos < 0;
        }
    }

    /**
     * From now on {@code POST /ingest} answers 401 unless its {@code Authorization} header is
     * exactly this value (e.g. {@code "Bearer <token>"}); null accepts any request again.
     */
    public void requireAuthorization(String value) {
        requiredAuthorization.set(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the endpoint is in a down window now, refusing connections. */
    public boolean isDown() {
        return server.isDown();
    }

    private void enforce(EndpointFaults faults) {
        injector.set(new FaultInjector(faults.withoutDownWindow()));
        if (!faults.holdResponses()) {
            holdRelease.getAndSet(Sinks.empty()).tryEmitEmpty();
        }
        if (!faults.equals(EndpointFaults.NONE)) {
            log.info("analytics endpoint faults: {}", faults);
        }
    }

    private void scheduleDownWindow(EndpointFaults faults) {
        if (!faults.hasDownWindow()) {
            return;
        }
        if (faults.downStatus() == 0) {
            server.downWindow(faults.downAfter(), faults.downFor());
            return;
        }
        // The port stays open, so no thread of its own is needed: ingest compares the clock.
        long from = System.nanoTime() + faults.downAfter().toNanos();
        statusWindow.set(new StatusWindow(from, from + faults.downFor().toNanos(), faults.downStatus()));
        log.info("analytics endpoint answers {} to every ingest request for {}, from {} from now", faults.downStatus(),
                Durations.format(faults.downFor()), Durations.format(faults.downAfter()));
    }

    /** POST /faults: the posted fields over the faults in force. */
    private Mono<Void> changeFaults(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    EndpointFaults changed;
                    try {
                        changed = faults().withJson(body);
                    } catch (IOException | IllegalArgumentException e) {
                        return sendJson(response, HttpResponseStatus.BAD_REQUEST, Map.of("error", problem(e)));
                    }
                    enforce(changed);
                    // The window starts once the answer is out: at downAfter 0 it would drop this connection.
                    return sendJson(response, HttpResponseStatus.OK, faults())
                            .then(Mono.fromRunnable(() -> scheduleDownWindow(changed)));
                });
    }

    /** One line: Jackson's own messages carry a location and the bad value's cause is the one that matters. */
    private static String problem(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause instanceof JsonMappingException) {
            cause = cause.getCause();
        }
        if (cause instanceof JsonProcessingException json) {
            return json.getOriginalMessage();
        }
        return cause.getMessage();
    }

    private Mono<Void> ingest(HttpServerRequest request, HttpServerResponse response) {
        byte[] required = requiredAuthorization.get();
        String given = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (required != null && (given == null || !MessageDigest.isEqual(required, given.getBytes(StandardCharsets.UTF_8)))) {
            return sendJson(response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"),
                    HttpResponseStatus.UNAUTHORIZED, Map.of("error", "missing or wrong Authorization"));
        }
        Run current = run.get();
        current.ledger().requestReceived();
        String generation = request.requestHeaders().get(GENERATION_HEADER);
        if (generation != null) {
            try {
                current.ledger().generation(Long.parseLong(generation.trim()));
            } catch (NumberFormatException e) {
                // Not junction's header: nothing to count.
            }
        }
        StatusWindow window = statusWindow.get();
        if (window != null && window.covers(System.nanoTime())) {
            current.faults().downStatusAnswered();
            HttpServerResponse answer = window.status() == HttpResponseStatus.UNAUTHORIZED.code()
                    ? response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer") : response;
            return sendJson(answer, HttpResponseStatus.valueOf(window.status()),
                    Map.of("error", "down window (injected fault)"));
        }
        String idempotencyKey = request.requestHeaders().get(IDEMPOTENCY_KEY);
        current.faults().arrived(idempotencyKey, System.nanoTime());
        FaultInjector faults = injector.get();
        FaultInjector.Verdict verdict = faults.next();
        current.faults().count(verdict);
        boolean jsonArray = hasMediaType(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                HttpHeaderValues.APPLICATION_JSON.toString());
        boolean gzip = HttpHeaderValues.GZIP.contentEqualsIgnoreCase(
                request.requestHeaders().get(HttpHeaderNames.CONTENT_ENCODING, ""));
        Mono<Void> release = faults.faults().holdResponses() ? holdRelease.get().asMono() : null;
        // The records were received once the body is in: the end-to-end latency ends there, not
        // after this endpoint's own (injected) processing time, which is not the pipeline's.
        AtomicLong receivedAt = new AtomicLong();
        return request.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .doOnNext(body -> receivedAt.set(System.currentTimeMillis()))
                .flatMap(body -> release == null ? Mono.just(body) : hold(request, body, jsonArray, gzip, release))
                // A timer, not a sleep: the event loop serves other requests meanwhile.
                .delayUntil(body -> verdict.delay().isZero() ? Mono.empty() : Mono.delay(verdict.delay()))
                .flatMap(body -> switch (verdict.answer()) {
                    case RESET -> resetConnection(request);
                    case THROTTLE -> throttle(idempotencyKey, faults.faults(), current, response);
                    case ERROR -> sendJson(response, HttpResponseStatus.valueOf(verdict.status()),
                            Map.of("error", "injected fault"));
                    case NORMAL -> accept(body, receivedAt.get(), jsonArray, gzip, faults, current, response);
                });
    }

    /**
     * Holds a request until {@code release}; then it goes on only if its connection is still open,
     * so a request whose sender died meanwhile is never applied (its records were not received).
     */
    private Mono<byte[]> hold(HttpServerRequest request, byte[] body, boolean jsonArray, boolean gzip, Mono<Void> release) {
        List<String> eventIds;
        try {
            eventIds = CustomerInventoryCodec.decode(body, jsonArray, gzip).stream().map(CustomerInventory::eventId).toList();
        } catch (InvalidBodyException e) {
            eventIds = List.of();
        }
        List<String> ids = eventIds;
        held.add(ids);
        return release.then(Mono.fromCallable(() -> isOpen(request) ? body : null))
                .doFinally(signal -> held.remove(ids));
    }

    private static boolean isOpen(HttpServerRequest request) {
        AtomicBoolean open = new AtomicBoolean();
        request.withConnection(connection -> open.set(connection.channel().isActive()));
        return open.get();
    }

    /** 429 with the Retry-After in whole seconds; the wait asked for starts now, for the early-retry count. */
    private static Mono<Void> throttle(String idempotencyKey, EndpointFaults faults, Run current,
            HttpServerResponse response) {
        long seconds = retryAfterSeconds(faults);
        current.faults().throttled(idempotencyKey, Duration.ofSeconds(seconds), System.nanoTime());
        return sendJson(response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds)),
                HttpResponseStatus.TOO_MANY_REQUESTS, Map.of("error", "throttled (injected fault)"));
    }

    private Mono<Void> accept(byte[] body, long receivedAt, boolean jsonArray, boolean gzip, FaultInjector injector,
            Run current, HttpServerResponse response) {
        List<CustomerInventory> batch;
        try {
            batch = CustomerInventoryCodec.decode(body, jsonArray, gzip);
        } catch (InvalidBodyException e) {
            current.ledger().requestRejected();
            return sendJson(response, HttpResponseStatus.BAD_REQUEST, Map.of("error", e.getMessage()));
        }
        // A timer, not a sleep, as for the latency; a client that gives up cancels its turn.
        return injector.crawl(batch.size())
                .then(Mono.defer(() -> acceptDecoded(batch, receivedAt, injector.faults(), current, response)));
    }

    private Mono<Void> acceptDecoded(List<CustomerInventory> batch, long receivedAt, EndpointFaults faults, Run current,
            HttpServerResponse response) {
        String refused = firstRejectedCustomer(batch, faults);
        if (refused != null) {
            current.ledger().requestRejected();
            current.faults().rejected();
            return sendJson(response, HttpResponseStatus.valueOf(faults.rejectStatus()), Map.of(
                    "error", "customer " + refused + " is rejected (injected fault)",
                    "customerId", refused));
        }
        Ledger.Ack ack = current.ledger().apply(batch, receivedAt, faults.forgetful());
        return sendJson(response, HttpResponseStatus.OK, ack);
    }

    private static String firstRejectedCustomer(List<CustomerInventory> batch, EndpointFaults faults) {
        if (faults.rejectCustomers().isEmpty()) {
            return null;
        }
        return batch.stream().map(CustomerInventory::customerId)
                .filter(faults.rejectCustomers()::contains)
                .findFirst()
                .orElse(null);
    }

    private static long retryAfterSeconds(EndpointFaults faults) {
        long millis = faults.retryAfter().toMillis();
        return (millis + 999) / 1000;
    }

    /** Closes with SO_LINGER 0, which sends a TCP RST: the client sees "connection reset", no answer. */
    private static Mono<Void> resetConnection(HttpServerRequest request) {
        return Mono.create(done -> request.withConnection(connection -> {
            Channel channel = connection.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close().addListener(closed -> done.success());
        }));
    }

    private static boolean hasMediaType(String contentType, String mediaType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().equalsIgnoreCase(mediaType);
    }

    /** Streams the view in chunks, serialised off the event loop: a view can hold millions of records. */
    private Mono<Void> sendView(HttpServerResponse response) {
        Flux<byte[]> chunks = Flux.defer(() -> Flux.fromIterable(run.get().ledger().liveRecords()))
                .buffer(VIEW_CHUNK)
                .map(CustomerInventoryCodec::encodeNdjson)
                .subscribeOn(Schedulers.boundedElastic());
        return response.header(HttpHeaderNames.CONTENT_TYPE, NDJSON).sendByteArray(chunks).then();
    }

    private Mono<Void> sendLatency(HttpServerResponse response) {
        return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .sendByteArray(Mono.fromCallable(() -> {
                    Histogram histogram = run.get().ledger().latencySnapshot();
                    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
                    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
                    return Base64.getEncoder().encode(Arrays.copyOf(buffer.array(), length));
                }))
                .then();
    }

    /** Streams the received event ids in chunks of lines, off the event loop. */
    private Mono<Void> sendReceived(HttpServerResponse response) {
        Flux<byte[]> chunks = Flux.defer(() -> Flux.fromIterable(run.get().ledger().receivedEventIdLog()))
                .buffer(VIEW_CHUNK)
                .map(ids -> (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8))
                .subscribeOn(Schedulers.boundedElastic());
        return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain").sendByteArray(chunks).then();
    }

    private static Mono<Void> sendJson(HttpServerResponse response, HttpResponseStatus status, Object body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendByteArray(Mono.fromCallable(() -> JsonSerde.MAPPER.writeValueAsBytes(body)))
                .then();
    }

    /** Blocks until the endpoint is closed (by {@link #close()} from another thread). */
    public void awaitClose() {
        server.awaitClose();
    }

    @Override
    public void close() {
        server.close();
    }
}
