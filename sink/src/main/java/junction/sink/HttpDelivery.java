package junction.sink;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one batch to the endpoint and retries it until it is acknowledged, refused, or
 * {@code maxRetryTime} is spent. Retried: connection errors, timeouts and the retryable statuses;
 * every retry re-sends the same body under the same {@code Idempotency-Key}.
 *
 * <p>Never fails: every end is an {@link Outcome}. This is the seam for later policies (bisecting a
 * refused batch, honouring Retry-After) — they change how an attempt's result maps to an outcome.
 */
final class HttpDelivery {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String STATUS_HEADER = "junction.http-status";
    static final String ATTEMPTS_HEADER = "junction.attempts";
    private static final int SNIPPET_CHARS = 200;
    private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);

    private final SinkConfig config;
    private final SinkMetrics metrics;
    private final Backoff backoff;
    private final ConnectionProvider connections;
    private final HttpClient client;

    HttpDelivery(SinkConfig config, SinkMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.backoff = new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff());
        this.connections = ConnectionProvider.builder("junction-sink")
                .maxConnections(config.maxConnections())
                .pendingAcquireTimeout(config.pendingAcquireTimeout())
                .maxIdleTime(config.maxIdleTime())
                .build();
        this.client = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(config.connectTimeout().toMillis()))
                .responseTimeout(config.responseTimeout());
    }

    /** The result of one attempt: a status with a snippet of the response body, or (status 0) an error. */
    private record Attempt(int status, String detail, boolean retryable) {
    }

    Mono<Outcome> deliver(Batch batch) {
        return Mono.defer(() -> attempt(batch, 1, System.nanoTime() + config.maxRetryTime().toNanos()));
    }

    private Mono<Outcome> attempt(Batch batch, int attempt, long deadlineNanos) {
        return post(batch).flatMap(result -> {
            if (result.status() >= 200 && result.status() < 300) {
                return Mono.just(new Outcome.Delivered(result.status()));
            }
            String reason = result.status() == 0 ? result.detail() : "HTTP " + result.status() + ": " + result.detail();
            Map<String, String> headers = result.status() == 0
                    ? Map.of(ATTEMPTS_HEADER, Integer.toString(attempt))
                    : Map.of(ATTEMPTS_HEADER, Integer.toString(attempt), STATUS_HEADER, Integer.toString(result.status()));
            if (!result.retryable()) {
                return Mono.just(new Outcome.Failed(reason, headers));
            }
            Duration delay = backoff.delay(attempt);
            if (System.nanoTime() + delay.toNanos() > deadlineNanos) {
                return Mono.just(new Outcome.Failed(
                        "retries exhausted after " + attempt + " attempts in " + config.maxRetryTime() + "; last: " + reason,
                        headers));
            }
            log.debug("batch {} attempt {} failed ({}), retrying in {}", batch.idempotencyKey(), attempt, reason, delay);
            metrics.retried(batch.size());
            return Mono.delay(delay).then(Mono.defer(() -> attempt(batch, attempt + 1, deadlineNanos)));
        });
    }

    private Mono<Attempt> post(Batch batch) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return client
                    .headers(headers -> {
                        headers.set(HttpHeaderNames.CONTENT_TYPE, config.format().contentType());
                        headers.set(HttpHeaderNames.CONTENT_LENGTH, batch.payload().length);
                        headers.set(IDEMPOTENCY_KEY, batch.idempotencyKey());
                        if (config.gzip()) {
                            headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
                        }
                    })
                    .post()
                    .uri(config.endpoint())
                    .send((request, out) -> out.sendByteArray(Mono.just(batch.payload())))
                    .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                            .defaultIfEmpty("")
                            .map(text -> {
                                int status = response.status().code();
                                return new Attempt(status, snippet(text), config.retryableStatuses().contains(status));
                            }))
                    .onErrorResume(error -> Mono.just(new Attempt(0, error.toString(), isTransient(error))))
                    .doOnNext(result -> metrics.request(result.status(), System.nanoTime() - start));
        });
    }

    /** Failures of the network or of time, worth another try; anything else is a bug that a retry repeats. */
    static boolean isTransient(Throwable error) {
        return error instanceof IOException || error instanceof TimeoutException || error instanceof ChannelException;
    }

    private static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "...";
    }

    /** Closes the connection pool, waiting at most {@code timeout}. */
    void dispose(Duration timeout) {
        connections.disposeLater().block(timeout);
    }
}
