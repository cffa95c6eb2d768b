package junction.load;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import junction.load.CustomerInventoryCodec.InvalidBodyException;
import junction.model.CustomerInventory;
import junction.model.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-in for the analytics service junction delivers to: a Reactor Netty HTTP server that
 * keeps the latest record per customer and counts what it received, so runs can be measured and
 * verified.
 *
 * <ul>
 *   <li>{@code POST /ingest}: NDJSON, or a JSON array with {@code Content-Type: application/json};
 *       optionally {@code Content-Encoding: gzip}. 200 with {@code {"accepted":n,"duplicates":d}},
 *       400 with {@code {"error":...}} when the body cannot be read (nothing of it is kept).
 *   <li>{@code GET /stats}: {@link EndpointStats} as JSON.
 *   <li>{@code GET /view}: NDJSON of the latest record of every customer not deleted.
 *   <li>{@code POST /reset}: forgets everything.
 * </ul>
 */
public final class AnalyticsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsEndpoint.class);
    static final String NDJSON = "application/x-ndjson";
    private static final int VIEW_CHUNK = 1000;
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final AtomicReference<Ledger> ledger = new AtomicReference<>(new Ledger());
    private final DisposableServer server;

    private AnalyticsEndpoint(String host, int port) {
        this.server = HttpServer.create()
                .host(host)
                .port(port)
                .route(routes -> routes
                        // Fault injection (latency, errors, 429, resets) will decide per request here,
                        // before ingest() looks at the body.
                        .post("/ingest", this::ingest)
                        .get("/stats", (req, res) -> sendJson(res, HttpResponseStatus.OK, stats()))
                        .get("/view", (req, res) -> sendView(res))
                        .post("/reset", (req, res) -> {
                            reset();
                            return sendJson(res, HttpResponseStatus.OK, Map.of("reset", true));
                        }))
                .bindNow(BIND_TIMEOUT);
        log.info("analytics endpoint listening on {}", uri());
    }

    /** Starts an endpoint on localhost and a free port. */
    public static AnalyticsEndpoint start() {
        return start("localhost", 0);
    }

    /** Starts an endpoint on the host and port (0 picks a free one). */
    public static AnalyticsEndpoint start(String host, int port) {
        return new AnalyticsEndpoint(host, port);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port}, the base for the paths above. */
    public String uri() {
        return "http://" + server.host() + ":" + server.port();
    }

    public EndpointStats stats() {
        return ledger.get().stats();
    }

    /** A snapshot of the latest record per customer, deleted customers absent. */
    public Map<String, CustomerInventory> view() {
        return ledger.get().view();
    }

    /** Forgets all records, ids and counters. */
    public void reset() {
        ledger.set(new Ledger());
    }

    private Mono<Void> ingest(HttpServerRequest request, HttpServerResponse response) {
        Ledger current = ledger.get();
        current.requestReceived();
        boolean jsonArray = hasMediaType(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                HttpHeaderValues.APPLICATION_JSON.toString());
        boolean gzip = HttpHeaderValues.GZIP.contentEqualsIgnoreCase(
                request.requestHeaders().get(HttpHeaderNames.CONTENT_ENCODING, ""));
        return request.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    List<CustomerInventory> batch;
                    try {
                        batch = CustomerInventoryCodec.decode(body, jsonArray, gzip);
                    } catch (InvalidBodyException e) {
                        current.requestRejected();
                        return sendJson(response, HttpResponseStatus.BAD_REQUEST, Map.of("error", e.getMessage()));
                    }
                    Ledger.Ack ack = current.apply(batch, System.currentTimeMillis());
                    return sendJson(response, HttpResponseStatus.OK, ack);
                });
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
        Flux<byte[]> chunks = Flux.defer(() -> Flux.fromIterable(ledger.get().liveRecords()))
                .buffer(VIEW_CHUNK)
                .map(CustomerInventoryCodec::encodeNdjson)
                .subscribeOn(Schedulers.boundedElastic());
        return response.header(HttpHeaderNames.CONTENT_TYPE, NDJSON).sendByteArray(chunks).then();
    }

    private static Mono<Void> sendJson(HttpServerResponse response, HttpResponseStatus status, Object body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendByteArray(Mono.fromCallable(() -> JsonSerde.MAPPER.writeValueAsBytes(body)))
                .then();
    }

    /** Blocks until the server is closed (by {@link #close()} from another thread). */
    public void awaitClose() {
        server.onDispose().block();
    }

    @Override
    public void close() {
        server.disposeNow(CLOSE_TIMEOUT);
    }
}
