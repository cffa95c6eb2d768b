package junction.sink;

import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real Reactor Netty endpoint on a free port for the sink to talk to. It records every request
 * (gzip bodies decoded) and answers with the status the test's responder gives, whenever that
 * responder's Mono completes.
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

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    private TestEndpoint(int port, Function<Request, Mono<Integer>> responder) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(bytes -> {
                            byte[] body = "gzip".equals(req.requestHeaders().get("Content-Encoding")) ? gunzip(bytes) : bytes;
                            Request request = new Request(req.requestHeaders().copy(), body, System.nanoTime());
                            requests.add(request);
                            return responder.apply(request);
                        })
                        .flatMap(status -> res.status(status).sendString(Mono.just("answer " + status)).then()))
                .bindNow(Duration.ofSeconds(10));
    }

    static TestEndpoint start(Function<Request, Mono<Integer>> responder) {
        return new TestEndpoint(0, responder);
    }

    /** An endpoint on a given port, e.g. one the sink has been failing to reach. */
    static TestEndpoint startOn(int port, Function<Request, Mono<Integer>> responder) {
        return new TestEndpoint(port, responder);
    }

    static TestEndpoint answering(int status) {
        return start(request -> Mono.just(status));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/ingest");
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
