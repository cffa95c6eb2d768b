package junction.load;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import junction.load.CustomerInventoryCodec.InvalidBodyException;
import junction.model.CustomerInventory;
import junction.model.JsonSerde;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Reads an {@link AnalyticsEndpoint} running in another process: its stats and view, for a
 * verifier or a benchmark; resets it between runs and changes its faults. Blocking, every call
 * bounded by the timeout.
 */
public final class EndpointClient {

    private final HttpClient http;
    private final Duration timeout;

    /** @param baseUri {@code http://host:port} of the endpoint */
    public EndpointClient(String baseUri, Duration timeout) {
        this.http = HttpClient.create().baseUrl(baseUri).responseTimeout(timeout);
        this.timeout = timeout;
    }

    public EndpointStats stats() {
        byte[] body = get("/stats");
        try {
            return JsonSerde.MAPPER.readValue(body, EndpointStats.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable /stats", e);
        }
    }

    /**
     * The endpoint's end-to-end latencies since its last reset, in milliseconds: two readings give
     * the percentiles of what came between them ({@code later.copy()}, {@code subtract(earlier)}).
     */
    public Histogram latencyHistogram() {
        byte[] encoded = Base64.getDecoder().decode(get("/latency"));
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("unreadable /latency", e);
        }
    }

    /** The endpoint's latest record per customer. */
    public Map<String, CustomerInventory> view() {
        byte[] body = get("/view");
        if (body.length == 0) {
            return Map.of();
        }
        List<CustomerInventory> records;
        try {
            records = CustomerInventoryCodec.decode(body, false, false);
        } catch (InvalidBodyException e) {
            throw new IllegalStateException("unreadable /view: " + e.getMessage(), e);
        }
        Map<String, CustomerInventory> view = new HashMap<>(records.size() * 2);
        records.forEach(r -> view.put(r.customerId(), r));
        return view;
    }

    /** Every event id the endpoint received since its last reset, applied or not. */
    public Set<String> receivedEventIds() {
        String body = new String(get("/received"), StandardCharsets.UTF_8);
        Set<String> ids = new HashSet<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                ids.add(line);
            }
        }
        return ids;
    }

    public void reset() {
        exchange(http.post().uri("/reset"));
    }

    /**
     * {@link #reset}, then {@link #collectGarbage}: before a measured pass, so that collecting what
     * the endpoint kept of the last pass is not charged to this one (in a {@code throughput} run
     * the endpoint's CPU per 1,000 records went from 0.006 to 0.019-0.025 in the passes a
     * collection fell into, and those pairs' sink efficiency from 0.83-0.90 to 0.71-0.73).
     */
    public void resetAndCollect() {
        reset();
        collectGarbage();
    }

    /** Has the endpoint collect its garbage now, and returns once it has (see {@link AnalyticsEndpoint}). */
    public void collectGarbage() {
        exchange(http.post().uri("/gc"));
    }

    /** Zeroes the endpoint's counts and latencies, keeping its view (see {@link AnalyticsEndpoint}). */
    public void resetCounters() {
        exchange(http.post().uri("/reset?counters"));
    }

    /** The faults in force. */
    public EndpointFaults faults() {
        return readFaults(get("/faults"));
    }

    /**
     * Puts these faults in force (every field is sent, so none of the former ones stays); a down
     * window in them is scheduled. Returns the faults in force.
     */
    public EndpointFaults faults(EndpointFaults faults) {
        byte[] json;
        try {
            json = JsonSerde.MAPPER.writeValueAsBytes(faults);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write faults", e);
        }
        return readFaults(exchange(http.post().uri("/faults").send(ByteBufFlux.fromInbound(Mono.just(json)))));
    }

    /** Takes the endpoint down {@code after} from now for {@code length}; its other faults stay. */
    public void downWindow(Duration after, Duration length) {
        faults(faults().withDownWindow(after, length));
    }

    /** No faults, and no down window to come. */
    public void clearFaults() {
        exchange(http.delete().uri("/faults"));
    }

    private static EndpointFaults readFaults(byte[] body) {
        try {
            return EndpointFaults.fromJson(body);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable /faults", e);
        }
    }

    private byte[] get(String path) {
        return exchange(http.get().uri(path));
    }

    private byte[] exchange(HttpClient.ResponseReceiver<?> request) {
        return request.responseSingle((response, content) -> {
                    if (!response.status().equals(HttpResponseStatus.OK)) {
                        return content.asString().defaultIfEmpty("").flatMap(text -> Mono.error(
                                new IllegalStateException("endpoint answered " + response.status() + " to "
                                        + response.uri() + (text.isEmpty() ? "" : ": " + text))));
                    }
                    return content.asByteArray().defaultIfEmpty(new byte[0]);
                })
                .block(timeout);
    }
}
