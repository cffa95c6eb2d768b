package junction.sink;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one batch to the endpoint until every record of it is acknowledged or known to be failed.
 *
 * <ul>
 *   <li>Retried: connection errors, timeouts and the retryable statuses, with full-jitter backoff,
 *       or after the {@code Retry-After} of a 429/503 (capped by the retry time left). Every retry
 *       re-sends the same body under the same {@code Idempotency-Key}. The retry time is a
 *       {@link EndpointHealth#deadline} and stands still while the endpoint is down.
 *   <li>Refused with another 4xx: the batch is bisected and each half delivered in turn (first half
 *       first, so a key's versions keep their order), down to the single records the endpoint
 *       rejects; those fail with the status and the first {@value #BODY_SNIPPET_BYTES} bytes of the
 *       response body. Statuses that refuse the request rather than records (auth, routing) fail
 *       the whole batch without bisecting.
 * </ul>
 *
 * <p>Never fails: every end is a sequence of {@link Outcome}s covering the batch's records in order.
 * Each attempt is reported to the metrics, the in-flight limit (for AIMD) and the endpoint health.
 */
final class HttpDelivery {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * The consumer-group generation of the sending instance: a receiver that sees a lower one than
     * before knows the request comes from an instance that lost its partitions since (a zombie).
     */
    public static final String GENERATION_HEADER = "Junction-Group-Generation";
    static final int BODY_SNIPPET_BYTES = 256;
    /** Refusals of the request as a whole: bisecting would only repeat them. */
    private static final Set<Integer> REQUEST_LEVEL_REFUSALS = Set.of(401, 403, 404, 405, 407, 415);
    private static final Set<Integer> RETRY_AFTER_STATUSES = Set.of(429, 503);
    private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);

    private final SinkConfig config;
    private final SinkMetrics metrics;
    private final InFlightLimit inFlight;
    private final EndpointHealth health;
    private final Backoff backoff;
    private final SinkAuth.AuthorizationHeader authorization;
    private final ConnectionProvider connections;
    private final HttpClient client;

    /** Reads the auth secret and the TLS files: a missing one is an IllegalArgumentException naming the setting. */
    /** The group generation to send, negative while unknown. */
    private volatile IntSupplier generation = () -> -1;

    /** Where each request's {@link #GENERATION_HEADER} comes from. */
    void generation(IntSupplier source) {
        this.generation = source;
    }

    HttpDelivery(SinkConfig config, SinkMetrics metrics, InFlightLimit inFlight, EndpointHealth health) {
        this.config = config;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.health = health;
        this.backoff = new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff());
        this.authorization = config.auth().resolve();
        this.connections = ConnectionProvider.builder("junction-sink")
                .maxConnections(config.maxConnections())
                .pendingAcquireTimeout(config.pendingAcquireTimeout())
                .maxIdleTime(config.maxIdleTime())
                .build();
        HttpClient plain = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(config.connectTimeout().toMillis()))
                .responseTimeout(config.responseTimeout());
        try {
            this.client = "https".equalsIgnoreCase(config.endpoint().getScheme()) ? secure(plain, config.tls()) : plain;
        } catch (RuntimeException e) {
            connections.dispose();
            throw e;
        }
    }

    private static HttpClient secure(HttpClient client, SinkTls tls) {
        requireReadable("sink.tls.trustedCertificates", tls.trustedCertificates());
        requireReadable("sink.tls.clientCertificate", tls.clientCertificate());
        requireReadable("sink.tls.clientKey", tls.clientKey());
        Http11SslContextSpec spec = Http11SslContextSpec.forClient().configure(builder -> {
            if (tls.trustedCertificates() != null) {
                builder.trustManager(tls.trustedCertificates().toFile());
            }
            if (tls.mutual()) {
                builder.keyManager(tls.clientCertificate().toFile(), tls.clientKey().toFile());
            }
        });
        try {
            return client.secure(ssl -> ssl.sslContext(spec));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sink.tls: cannot use " + tls + ": " + e.getMessage(), e);
        }
    }

    private static void requireReadable(String setting, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + ": cannot read file " + file);
        }
    }

    /** The result of one attempt: a status with a snippet of the response body, or (status 0) an error. */
    private record Attempt(int status, String detail, boolean retryable, Duration retryAfter) {
    }

    Flux<Outcome> deliver(Batch batch) {
        return Flux.defer(() -> deliver(batch, health.deadline(config.maxRetryTime())));
    }

    /** Parts of a bisected batch share its retry deadline, so a batch settles within the settle timeout. */
    private Flux<Outcome> deliver(Batch batch, Deadline retryDeadline) {
        return attempt(batch, 1, retryDeadline).flatMapMany(outcome -> {
            if (outcome instanceof Outcome.Failed failed && batch.size() > 1 && bisectable(failed.status())) {
                log.info("batch {} of {} records refused with HTTP {}: bisecting it to find the refused records",
                        batch.idempotencyKey(), batch.size(), failed.status());
                return Flux.fromIterable(batch.halves(config.format(), config.gzip()))
                        .concatMap(half -> deliver(half, retryDeadline));
            }
            return Flux.just(outcome);
        });
    }

    private boolean bisectable(int status) {
        return status >= 400 && status < 500 && !config.retryableStatuses().contains(status)
                && !REQUEST_LEVEL_REFUSALS.contains(status);
    }

    private Mono<Outcome> attempt(Batch batch, int attempt, Deadline retryDeadline) {
        return post(batch).flatMap(result -> {
            if (result.status() >= 200 && result.status() < 300) {
                return Mono.just(new Outcome.Delivered(batch, result.status()));
            }
            String reason = result.status() == 0 ? result.detail() : "HTTP " + result.status() + ": " + result.detail();
            Map<String, String> headers = new HashMap<>();
            headers.put(KafkaDeadLetters.ATTEMPTS_HEADER, Integer.toString(attempt));
            if (result.status() != 0) {
                headers.put(KafkaDeadLetters.STATUS_HEADER, Integer.toString(result.status()));
                headers.put(KafkaDeadLetters.RESPONSE_BODY_HEADER, result.detail());
            }
            if (!result.retryable()) {
                return Mono.just(new Outcome.Failed(batch, result.status(), Outcome.Cause.REJECTED, reason, Map.copyOf(headers)));
            }
            Duration delay = retryDelay(result, attempt, retryDeadline);
            if (delay == null) {
                return Mono.just(new Outcome.Failed(batch, result.status(), Outcome.Cause.RETRIES_EXHAUSTED,
                        "retries exhausted after " + attempt + " attempts in " + config.maxRetryTime() + "; last: " + reason,
                        Map.copyOf(headers)));
            }
            log.debug("batch {} attempt {} failed ({}), retrying in {}", batch.idempotencyKey(), attempt, reason, delay);
            metrics.retried(batch.size());
            return Mono.delay(delay).then(Mono.defer(() -> attempt(batch, attempt + 1, retryDeadline)));
        });
    }

    /** The wait before the next attempt, or null when the retry time is spent. */
    private Duration retryDelay(Attempt result, int attempt, Deadline retryDeadline) {
        long remaining = retryDeadline.remainingNanos();
        if (remaining <= 0) {
            return null;
        }
        if (result.retryAfter() != null) {
            return result.retryAfter().toNanos() > remaining ? Duration.ofNanos(remaining) : result.retryAfter();
        }
        Duration delay = backoff.delay(attempt);
        return delay.toNanos() > remaining ? null : delay;
    }

    /** One attempt, in a request slot held from sending to the answer (never across a retry's wait). */
    private Mono<Attempt> post(Batch batch) {
        return Mono.usingWhen(inFlight.slot(), slot -> send(batch), slot -> Mono.fromRunnable(slot::release));
    }

    private Mono<Attempt> send(Batch batch) {
        return Mono.defer(() -> {
            metrics.batch(batch);
            long start = System.nanoTime();
            return client
                    .headers(headers -> {
                        headers.set(HttpHeaderNames.CONTENT_TYPE, config.format().contentType());
                        headers.set(HttpHeaderNames.CONTENT_LENGTH, batch.payload().length);
                        headers.set(IDEMPOTENCY_KEY, batch.idempotencyKey());
                        if (config.gzip()) {
                            headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
                        }
                        if (authorization != null) {
                            headers.set(HttpHeaderNames.AUTHORIZATION, authorization.value());
                        }
                        int generation = this.generation.getAsInt();
                        if (generation >= 0) {
                            headers.set(GENERATION_HEADER, generation);
                        }
                    })
                    .post()
                    .uri(config.endpoint())
                    // Wrapped, not copied: no allocation on the calling thread (a lane's timer may be a
                    // non-blocking Reactor thread, where Netty's pooled allocator may park under contention).
                    .send((request, out) -> out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(batch.payload()))))
                    .responseSingle((response, body) -> body.asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> answer(response, bytes)))
                    .onErrorResume(error -> Mono.just(new Attempt(0, redact(error.toString()), isTransient(error), null)))
                    .doOnNext(result -> observe(result, System.nanoTime() - start));
        });
    }

    private Attempt answer(HttpClientResponse response, byte[] body) {
        int status = response.status().code();
        Duration retryAfter = RETRY_AFTER_STATUSES.contains(status)
                ? RetryAfter.parse(response.responseHeaders().get(RetryAfter.HEADER), Instant.now()).orElse(null)
                : null;
        String detail = snippet(redact(new String(body, StandardCharsets.UTF_8)));
        return new Attempt(status, detail, config.retryableStatuses().contains(status), retryAfter);
    }

    /** What the sink logs and dead-letters never holds its own credentials, even when the endpoint echoes them. */
    private String redact(String text) {
        return authorization == null ? text : authorization.redact(text);
    }

    private void observe(Attempt result, long nanos) {
        metrics.request(result.status(), nanos);
        boolean overload = result.status() == 0 || result.status() >= 500 || result.retryable();
        inFlight.onResponse(nanos, overload);
        health.record(EndpointHealth.Result.of(result.status(), result.retryable()));
    }

    /**
     * Failures of the network or of time, worth another try, also when wrapped (Netty wraps a TLS
     * handshake failure in a DecoderException); anything else is a bug that a retry repeats.
     */
    static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException || cause instanceof ChannelException) {
                return true;
            }
        }
        return false;
    }

    /** The first {@value #BODY_SNIPPET_BYTES} bytes (UTF-8) of a response body as one line of text. */
    static String snippet(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = bytes.length <= BODY_SNIPPET_BYTES ? bytes : Arrays.copyOf(bytes, BODY_SNIPPET_BYTES);
        return new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    }

    /** Closes the connection pool, waiting at most {@code timeout}. */
    void dispose(Duration timeout) {
        connections.disposeLater().block(timeout);
    }
}
