package junction.sink;

import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * A real Reactor Netty endpoint on a free port for the sink to talk to, plain or TLS. It records
 * every request (gzip bodies decoded) and answers with the reply the test's responder gives (by
 * default the body "answer STATUS"), whenever that responder's Mono completes.
 */
final class TestEndpoint implements AutoCloseable {

    /** One request as the endpoint received it. */
    record Request(HttpHeaders headers, byte[] body, long receivedNanos) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The NDJSON lines of the body. */
        List<String> lines() {
            return text().lines().toList();
        }

        String idempotencyKey() {
            return headers.get(HttpDelivery.IDEMPOTENCY_KEY);
        }
    }

    /** What the endpoint answers. */
    record Reply(int status, Map<String, String> headers, String body) {

        static Reply of(int status) {
            return new Reply(status, Map.of(), "answer " + status);
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final DisposableServer server;
    private final String scheme;

    private TestEndpoint(HttpServer configured, String scheme, int port, Function<Request, Mono<Reply>> responder) {
        this.scheme = scheme;
        server = configured
                .host("127.0.0.1")
                .port(port)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(bytes -> {
                            byte[] body = "gzip".equals(req.requestHeaders().get("Content-Encoding")) ? gunzip(bytes) : bytes;
                            Request request = new Request(req.requestHeaders().copy(), body, System.nanoTime());
                            requests.add(request);
                            return responder.apply(request);
                        })
                        .flatMap(reply -> {
                            reply.headers().forEach(res::header);
                            return res.status(reply.status()).sendString(Mono.just(reply.body())).then();
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    static TestEndpoint start(Function<Request, Mono<Integer>> responder) {
        return replying(request -> responder.apply(request).map(Reply::of));
    }

    static TestEndpoint replying(Function<Request, Mono<Reply>> responder) {
        return new TestEndpoint(HttpServer.create(), "http", 0, responder);
    }

    /** An endpoint on a given port, e.g. one the sink has been failing to reach. */
    static TestEndpoint startOn(int port, Function<Request, Mono<Integer>> responder) {
        return new TestEndpoint(HttpServer.create(), "http", port, request -> responder.apply(request).map(Reply::of));
    }

    /** An https endpoint with {@code tls}, answering 200. */
    static TestEndpoint secure(Http11SslContextSpec tls) {
        return new TestEndpoint(HttpServer.create().secure(spec -> spec.sslContext(tls)), "https", 0,
                request -> Mono.just(Reply.of(200)));
    }

    static TestEndpoint answering(int status) {
        return start(request -> Mono.just(status));
    }

    URI uri() {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + "/ingest");
    }

    List<Request> requests() {
        return requests;
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
