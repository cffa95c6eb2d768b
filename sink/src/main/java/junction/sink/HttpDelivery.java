package junction.sink;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one batch to the endpoint until every record of it is acknowledged or known to be failed.
 *
 * <ul>
 *   <li>Refused as a request (auth or routing: {@code refusalStatuses}, 401, 403, 404, 405, 407, 415
 *       by default): the endpoint or our credentials are wrong, not the records. Retried with
 *       backoff without end, never dead-lettered; the {@code file:} secret is read again before
 *       each retry, so a rotated token heals the pipeline without a restart.
 *   <li>Retried: connection errors, timeouts and the retryable statuses, with full-jitter backoff,
 *       or after the {@code Retry-After} of a 429/503 (with a floor and jitter, capped by the retry
 *       time left). Every retry re-sends the same body under the same {@code Idempotency-Key}. The
 *       retry time is a {@link EndpointHealth#deadline} and stands still while the endpoint is down.
 *   <li>Poison isolation: a batch that keeps failing with a 5xx, a reset or a timeout while other
 *       requests succeed, or that runs out of retry time, is bisected, so one record that breaks the
 *       endpoint is found and only it is dead-lettered, once the shared retry time is spent.
 *   <li>Refused with another 4xx: bisected likewise, down to the single records the endpoint
 *       rejects; those fail with the status and the first {@value #BODY_SNIPPET_BYTES} bytes of the
 *       response body.
 * </ul>
 *
 * <p>Never fails: every end is a sequence of {@link Outcome}s covering the batch's records in order.
 * Each attempt is reported to the metrics, the in-flight limit (for AIMD), the batch size limit and
 * the endpoint health. Everything after a response — deciding, logging, scheduling a retry — runs
 * on Reactor's bounded-elastic scheduler, off Netty's event loops.
 */
final class HttpDelivery {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * The consumer-group generation of the sending instance: a receiver that sees a lower one than
     * before knows the request comes from an instance that lost its partitions since (a zombie).
     */
    public static final String GENERATION_HEADER = "Junction-Group-Generation";
    static final int BODY_SNIPPET_BYTES = 256;
    private static final Set<Integer> RETRY_AFTER_STATUSES = Set.of(429, 503);
    /** Failed attempts of a batch, while others succeed, before it is bisected to find a poison record. */
    static final int ATTEMPTS_BEFORE_BISECTING = 2;
    /** How many keys whose record recently exhausted its retries are remembered (the oldest is forgotten first). */
    static final int POISONED_KEYS_REMEMBERED = 1_024;
    /** How long, in retry times, such a key stays suspect. */
    static final int POISONED_KEY_MEMORY_IN_RETRY_TIMES = 10;
    private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);

    private final SinkConfig config;
    private final SinkMetrics metrics;
    private final InFlightLimit inFlight;
    private final EndpointHealth health;
    private final BatchSizeLimit batchLimit;
    private final Backoff backoff;
    private volatile SinkAuth.AuthorizationHeader authorization;
    /**
     * Keys (customers) one of whose records exhausted its retry time (which runs only while the
     * endpoint is not down), with when: their next failing record, while the endpoint answers
     * others, is dead-lettered once it is isolated and retried once, without a new retry time. A customer the endpoint always fails would otherwise hold its lane (and the
     * customers behind it) for a whole retry time per record: at one record a minute the lane never
     * catches up. Guarded by itself; access-ordered, so the least recently poisoned key goes first.
     */
    private final Map<String, Long> poisonedKeys = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > POISONED_KEYS_REMEMBERED;
        }
    };
    private final ConnectionProvider connections;
    private final HttpClient client;
    private volatile long lastSuccessNanos = Long.MIN_VALUE;

    /** Reads the auth secret and the TLS files: a missing one is an IllegalArgumentException naming the setting. */
    /** The group generation to send, negative while unknown. */
    private volatile IntSupplier generation = () -> -1;

    /** Where each request's {@link #GENERATION_HEADER} comes from. */
    void generation(IntSupplier source) {
        this.generation = source;
    }

    HttpDelivery(SinkConfig config, SinkMetrics metrics, InFlightLimit inFlight, EndpointHealth health,
            BatchSizeLimit batchLimit) {
        this.config = config;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.health = health;
        this.batchLimit = batchLimit;
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
    private record Attempt(int status, String detail, EndpointHealth.Result kind, boolean retryable, Duration retryAfter) {
    }

    Flux<Outcome> deliver(Batch batch) {
        return Flux.defer(() -> deliver(batch, health.deadline(config.maxRetryTime())));
    }

    /** Parts of a bisected batch share its retry deadline, so a batch settles within the settle timeout. */
    private Flux<Outcome> deliver(Batch batch, Deadline retryDeadline) {
        return attempt(batch, 1, retryDeadline, Long.MAX_VALUE);
    }

    /** The halves of a batch, delivered one after the other (first half first: a key's versions keep their order). */
    private Flux<Outcome> bisect(Batch batch, Deadline retryDeadline, String why) {
        log.info("batch {} of {} records {}: bisecting it to find the records at fault",
                batch.idempotencyKey(), batch.size(), why);
        return Flux.fromIterable(batch.halves(config.format(), config.gzip()))
                .concatMap(half -> deliver(half, retryDeadline));
    }

    /**
     * One attempt and what follows from it. {@code firstFailureNanos} is when this batch first
     * failed: a success elsewhere after it shows the endpoint is up, so the batch is suspect.
     */
    private Flux<Outcome> attempt(Batch batch, int attempt, Deadline retryDeadline, long firstFailureNanos) {
        return post(batch).publishOn(Schedulers.boundedElastic()).flatMapMany(result -> {
            if (result.status() >= 200 && result.status() < 300) {
                lastSuccessNanos = System.nanoTime();
                return Flux.just(new Outcome.Delivered(batch, result.status()));
            }
            long failedSince = Math.min(firstFailureNanos, System.nanoTime());
            String reason = result.status() == 0 ? result.detail() : "HTTP " + result.status() + ": " + result.detail();
            if (result.kind() == EndpointHealth.Result.REFUSED) {
                // Our request is refused, not the records: keep them, and try again with a fresh secret.
                Duration delay = backoff.delay(Math.min(attempt, 64));
                metrics.retried(batch.size());
                return Mono.delay(delay).thenMany(Flux.defer(() -> {
                    refreshAuthorization();
                    return attempt(batch, attempt + 1, retryDeadline, failedSince);
                }));
            }
            Map<String, String> headers = new HashMap<>();
            headers.put(KafkaDeadLetters.ATTEMPTS_HEADER, Integer.toString(attempt));
            headers.put(KafkaDeadLetters.DETAIL_HEADER, reason);
            if (result.status() != 0) {
                headers.put(KafkaDeadLetters.STATUS_HEADER, Integer.toString(result.status()));
                headers.put(KafkaDeadLetters.RESPONSE_BODY_HEADER, result.detail());
            }
            if (!result.retryable()) {
                if (batch.size() > 1) {
                    return bisect(batch, retryDeadline, "refused with HTTP " + result.status());
                }
                return Flux.just(new Outcome.Failed(batch, result.status(), Outcome.Cause.REJECTED, reason,
                        Map.copyOf(headers)));
            }
            if (result.kind() == EndpointHealth.Result.TIMED_OUT && batch.size() > batchLimit.limit()) {
                // Too big to be answered in time: sent again as it is, it would time out again.
                return bisect(batch, retryDeadline, "timed out after " + config.responseTimeout()
                        + " (the batch limit is now " + batchLimit.limit() + ")");
            }
            boolean othersSucceed = lastSuccessNanos > failedSince;
            if (batch.size() > 1 && attempt >= ATTEMPTS_BEFORE_BISECTING && othersSucceed && suspect(result)) {
                return bisect(batch, retryDeadline, "failed " + attempt + " times (" + reason + ") while other requests succeed");
            }
            if (batch.size() == 1 && attempt >= ATTEMPTS_BEFORE_BISECTING && answeredRecently() && suspect(result)
                    && recentlyPoisoned(batch)) {
                String again = "failed again (" + reason + ") while other requests succeed; an earlier record of this key"
                        + " exhausted its retries within " + poisonMemory() + ", so this one gets no new retry time";
                headers.put(KafkaDeadLetters.DETAIL_HEADER, again);
                return Flux.just(new Outcome.Failed(batch, result.status(), Outcome.Cause.RETRIES_EXHAUSTED, again,
                        Map.copyOf(headers)));
            }
            Duration delay = retryDelay(result, attempt, retryDeadline);
            if (delay == null) {
                if (batch.size() > 1) {
                    return bisect(batch, retryDeadline, "ran out of retry time (" + reason + ")");
                }
                String exhausted = "retries exhausted after " + attempt + " attempts in " + config.maxRetryTime() + "; last: " + reason;
                headers.put(KafkaDeadLetters.DETAIL_HEADER, exhausted);
                if (suspect(result)) {
                    // The retry time runs only while the endpoint is not down (EndpointHealth#deadline):
                    // this record, not the endpoint, is what fails.
                    poisoned(batch);
                }
                return Flux.just(new Outcome.Failed(batch, result.status(), Outcome.Cause.RETRIES_EXHAUSTED, exhausted,
                        Map.copyOf(headers)));
            }
            log.debug("batch {} attempt {} failed ({}), retrying in {}", batch.idempotencyKey(), attempt, reason, delay);
            metrics.retried(batch.size());
            return Mono.delay(delay).thenMany(Flux.defer(() -> attempt(batch, attempt + 1, retryDeadline, failedSince)));
        });
    }

    /** Whether some request succeeded within the last retry time: the endpoint as a whole works. */
    private boolean answeredRecently() {
        return lastSuccessNanos != Long.MIN_VALUE && System.nanoTime() - lastSuccessNanos < config.maxRetryTime().toNanos();
    }

    private Duration poisonMemory() {
        return config.maxRetryTime().multipliedBy(POISONED_KEY_MEMORY_IN_RETRY_TIMES);
    }

    private void poisoned(Batch batch) {
        synchronized (poisonedKeys) {
            poisonedKeys.put(batch.submissions().get(0).record().key(), System.nanoTime());
        }
    }

    private boolean recentlyPoisoned(Batch batch) {
        String key = batch.submissions().get(0).record().key();
        synchronized (poisonedKeys) {
            Long since = poisonedKeys.get(key);
            if (since != null && System.nanoTime() - since > poisonMemory().toNanos()) {
                poisonedKeys.remove(key);
                return false;
            }
            return since != null;
        }
    }

    /** Failures one record can cause; throttling (429, 503 with Retry-After) is the endpoint's own doing. */
    private static boolean suspect(Attempt result) {
        return result.retryAfter() == null
                && (result.kind() == EndpointHealth.Result.FAILED || result.kind() == EndpointHealth.Result.TIMED_OUT);
    }

    /** Reads the secret again (a rotated {@code file:} token); keeps the one in use when it cannot be read. */
    private void refreshAuthorization() {
        if (authorization == null) {
            return;
        }
        try {
            authorization = config.auth().resolve();
        } catch (RuntimeException e) {
            log.warn("cannot read the sink's secret again, keeping the one in use: {}", e.getMessage());
        }
    }

    /**
     * The wait before the next attempt, or null when the retry time is spent. Never null while the
     * sink is PAUSED: the endpoint is down, its failures are not the records', and the retry time
     * stands still (an attempt that fails as the time runs out may be the one that declares the
     * outage: the health has seen it before this runs).
     */
    private Duration retryDelay(Attempt result, int attempt, Deadline retryDeadline) {
        boolean paused = health.state() == SinkState.PAUSED;
        long remaining = retryDeadline.remainingNanos();
        if (remaining <= 0 && !paused) {
            return null;
        }
        Duration delay = result.retryAfter() != null
                ? RetryAfter.withFloorAndJitter(result.retryAfter(), config.retryInitialBackoff())
                : backoff.delay(attempt);
        if (paused || delay.toNanos() <= remaining) {
            return delay;
        }
        // Less retry time left than the wait: not a reason to give up early. One last attempt when
        // the time runs out (not sooner than the first backoff, so a sliver left never spins).
        return Duration.ofNanos(Math.max(remaining, config.retryInitialBackoff().toNanos()));
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
                        SinkAuth.AuthorizationHeader auth = authorization;
                        if (auth != null) {
                            headers.set(HttpHeaderNames.AUTHORIZATION, auth.value());
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
                    .onErrorResume(error -> Mono.just(new Attempt(0, redact(error.toString()), kindOf(error),
                            isTransient(error), null)))
                    .doOnNext(result -> observe(batch, result, System.nanoTime() - start));
        });
    }

    private Attempt answer(HttpClientResponse response, byte[] body) {
        int status = response.status().code();
        Duration retryAfter = RETRY_AFTER_STATUSES.contains(status)
                ? RetryAfter.parse(response.responseHeaders().get(RetryAfter.HEADER), Instant.now()).orElse(null)
                : null;
        String detail = snippet(redact(new String(body, StandardCharsets.UTF_8)));
        boolean retryable = config.retryableStatuses().contains(status);
        EndpointHealth.Result kind = status >= 200 && status < 300 ? EndpointHealth.Result.ANSWERED
                : config.refusalStatuses().contains(status) ? EndpointHealth.Result.REFUSED
                : status >= 500 && retryAfter == null ? EndpointHealth.Result.FAILED
                : retryable ? EndpointHealth.Result.THROTTLED
                : EndpointHealth.Result.ANSWERED;
        return new Attempt(status, detail, kind, retryable, retryAfter);
    }

    /** What the sink logs and dead-letters never holds its own credentials, even when the endpoint echoes them. */
    private String redact(String text) {
        SinkAuth.AuthorizationHeader auth = authorization;
        return auth == null ? text : auth.redact(text);
    }

    /** Quick and non-blocking: it runs on the event loop that got the answer. */
    private void observe(Batch batch, Attempt result, long nanos) {
        metrics.request(result.status(), result.kind() == EndpointHealth.Result.TIMED_OUT, nanos);
        boolean overload = result.status() == 0 || result.status() >= 500 || result.retryable();
        inFlight.onResponse(nanos, overload);
        batchLimit.onResponse(batch.size(), nanos, result.kind() == EndpointHealth.Result.TIMED_OUT);
        health.record(result.kind(), result.status(), AnalyticsSink.laneOf(batch.submissions().get(0).record().key(), config.lanes()));
    }

    /** What an error without an answer says about the endpoint. */
    static EndpointHealth.Result kindOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ReadTimeoutException || cause instanceof TimeoutException) {
                return EndpointHealth.Result.TIMED_OUT;
            }
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException) {
                return EndpointHealth.Result.UNREACHABLE;
            }
        }
        return EndpointHealth.Result.FAILED;
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
