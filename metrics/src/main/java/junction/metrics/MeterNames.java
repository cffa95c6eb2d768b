package junction.metrics;

/**
 * Every meter name and tag key junction registers or reads, in Micrometer dotted form.
 *
 * <p>The sampler reads the sink and app meters by these names, and the Grafana dashboard and the
 * Prometheus alerts use their Prometheus forms (dots become underscores, the base unit is appended,
 * counters get {@code _total}, timers {@code _seconds}). So register them exactly as documented:
 * gauges with the base unit given here, e.g. {@code Gauge.builder(SINK_IN_FLIGHT, ...)
 * .baseUnit(UNIT_REQUESTS)} becomes {@code junction_sink_in_flight_requests}; counters WITHOUT a
 * base unit (it would be appended: {@code junction_records_joined_records_total}).
 */
public final class MeterNames {

    private MeterNames() {
    }

    // Base units: part of the Prometheus name, so the dashboard depends on them.
    public static final String UNIT_RECORDS = "records";
    public static final String UNIT_REQUESTS = "requests";
    public static final String UNIT_BYTES = "bytes";
    public static final String UNIT_RATIO = "ratio";
    public static final String UNIT_SECONDS = "seconds";
    public static final String UNIT_CORES = "cores";
    public static final String UNIT_TASKS = "tasks";
    public static final String UNIT_FILES = "files";

    /** Common tag on every meter: the application name. Prometheus adds {@code instance} itself. */
    public static final String TAG_APPLICATION = "application";

    // ---- Sink (registered by the sink) ----
    /** Counter, tag {@link #TAG_OUTCOME}: {@code junction_sink_records_total}. */
    public static final String SINK_RECORDS = "junction.sink.records";
    public static final String TAG_OUTCOME = "outcome";
    public static final String OUTCOME_DELIVERED = "delivered";
    public static final String OUTCOME_DEAD_LETTERED = "dead_lettered";
    public static final String OUTCOME_RETRIED = "retried";

    /** Counter, tag {@link #TAG_STATUS}: {@code junction_sink_requests_total}. */
    public static final String SINK_REQUESTS = "junction.sink.requests";
    public static final String TAG_STATUS = "status";
    public static final String STATUS_2XX = "2xx";
    public static final String STATUS_4XX = "4xx";
    public static final String STATUS_5XX = "5xx";
    public static final String STATUS_ERROR = "error";
    public static final String STATUS_TIMEOUT = "timeout";

    /** Timer, one HTTP request to the endpoint: {@code junction_sink_request_latency_seconds}. */
    public static final String SINK_REQUEST_LATENCY = "junction.sink.request.latency";
    /** Gauge, unit records: {@code junction_sink_buffered_records}. */
    public static final String SINK_BUFFERED = "junction.sink.buffered";
    /** Gauge, unit requests: {@code junction_sink_in_flight_requests}. */
    public static final String SINK_IN_FLIGHT = "junction.sink.in.flight";
    /** Gauge, unit requests: {@code junction_sink_concurrency_limit_requests}. */
    public static final String SINK_CONCURRENCY_LIMIT = "junction.sink.concurrency.limit";
    /** Gauge, no unit, 1 while the endpoint is down (sink state PAUSED), else 0: {@code junction_sink_paused}. */
    public static final String SINK_PAUSED = "junction.sink.paused";
    /** Gauge, unit bytes: {@code junction_sink_buffered_size_bytes}. */
    public static final String SINK_BUFFERED_BYTES = "junction.sink.buffered.size";
    /** Gauge, unit records: {@code junction_sink_batch_limit_records}. */
    public static final String SINK_BATCH_LIMIT = "junction.sink.batch.limit";
    /** Gauge, unit records: {@code junction_sink_unsettled_limit_records}. */
    public static final String SINK_UNSETTLED_LIMIT = "junction.sink.unsettled.limit";
    /** Gauge, tag {@link #TAG_PROBLEM}, 1 for the problem diagnosed now: {@code junction_sink_endpoint_problem}. */
    public static final String SINK_ENDPOINT_PROBLEM = "junction.sink.endpoint.problem";
    public static final String TAG_PROBLEM = "problem";
    /** Gauge, no unit, tag {@link #TAG_CAUSE}: 1 while the app holds its input back for that cause: {@code junction_input_paused}. */
    public static final String INPUT_PAUSED = "junction.input.paused";
    public static final String TAG_CAUSE = "cause";

    // ---- Commit barrier (registered by the app) ----
    /** Gauge, unit seconds: how long the longest-held partition's commit has not advanced: {@code junction_commit_stalled_seconds}. */
    public static final String COMMIT_STALLED = "junction.commit.stalled";
    /** Gauge, unit seconds: age of the oldest record processed but not yet committable: {@code junction_commit_lag_seconds}. */
    public static final String COMMIT_LAG_SECONDS = "junction.commit.lag";
    /** Gauge, unit records: end offsets minus committed offsets over every consumed topic: {@code junction_committed_lag_records}. */
    public static final String COMMITTED_LAG_RECORDS = "junction.committed.lag";

    /** Distribution summary, unit records, one per request: {@code junction_sink_batch_records}. */
    public static final String SINK_BATCH_RECORDS = "junction.sink.batch.records";
    /** Distribution summary, unit bytes, request body before compression: {@code junction_sink_batch_bytes}. */
    public static final String SINK_BATCH_BYTES = "junction.sink.batch.bytes";

    // ---- App (registered by the topology / app) ----
    /**
     * Timer from the record's source timestamp to the endpoint's acknowledgement, registered (by the
     * sink) with {@code publishPercentileHistogram()}: {@code junction_e2e_latency_seconds_bucket}.
     */
    public static final String E2E_LATENCY = "junction.e2e.latency";
    /**
     * Timer from the record's source timestamp to its hand-off to the sink, with
     * {@code publishPercentileHistogram()}: the stream's share of {@link #E2E_LATENCY} (the join's
     * internal hops); the rest is the sink's (waiting for a lane, the request).
     * {@code junction_stream_latency_seconds_bucket}.
     */
    public static final String STREAM_LATENCY = "junction.stream.latency";
    /** Counter: {@code junction_records_joined_total}. */
    public static final String RECORDS_JOINED = "junction.records.joined";
    /** Counter, tag {@link #TAG_REASON}: {@code junction_dead_letters_total}. */
    public static final String DEAD_LETTERS = "junction.dead.letters";
    public static final String TAG_REASON = "reason";

    // ---- Kafka Streams binder (KafkaStreamsMetrics names: "kafka." + group + "." + name) ----
    public static final String STREAM_THREAD_PROCESS_RATIO = "kafka.stream.thread.process.ratio";
    public static final String STREAM_THREAD_POLL_RATIO = "kafka.stream.thread.poll.ratio";
    public static final String STREAM_THREAD_COMMIT_RATIO = "kafka.stream.thread.commit.ratio";
    public static final String STREAM_THREAD_POLL_LATENCY_AVG = "kafka.stream.thread.poll.latency.avg";
    public static final String STREAM_THREAD_COMMIT_LATENCY_AVG = "kafka.stream.thread.commit.latency.avg";
    /** A cumulative count, so a FunctionCounter: {@code kafka_stream_failed_stream_threads_total}. */
    public static final String STREAM_FAILED_THREADS = "kafka.stream.failed.stream.threads";
    public static final String STREAM_ALIVE_THREADS = "kafka.stream.alive.stream.threads";
    /** Per partition (tags client.id, topic, partition); only once partitions are assigned. */
    public static final String CONSUMER_RECORDS_LAG = "kafka.consumer.fetch.manager.records.lag";
    /** Per topic once records arrive (the binder then drops the per-client series). */
    public static final String CONSUMER_RECORDS_CONSUMED_RATE = "kafka.consumer.fetch.manager.records.consumed.rate";

    // ---- Lag, derived (see ConsumerLag) ----
    /** Gauge, unit records: sum of the per-partition lag of every consumer of the streams client. */
    public static final String LAG_RECORDS = "junction.lag.records";
    /** Gauge, unit seconds: estimated time to drain the lag at the current consume rate. */
    public static final String LAG_SECONDS = "junction.lag.seconds";

    // ---- Host (OSHI, sampled on a schedule) ----
    public static final String HOST_CPU_USAGE = "junction.host.cpu.usage";
    public static final String HOST_CPU_LOGICAL = "junction.host.cpu.logical";
    public static final String HOST_LOAD = "junction.host.load";
    public static final String TAG_WINDOW = "window";
    public static final String HOST_CGROUP_CPU_LIMIT = "junction.host.cgroup.cpu.limit";
    public static final String HOST_MEMORY_SIZE = "junction.host.memory.size";
    public static final String HOST_MEMORY_AVAILABLE = "junction.host.memory.available";
    public static final String HOST_SWAP_SIZE = "junction.host.swap.size";
    public static final String HOST_SWAP_USED = "junction.host.swap.used";
    public static final String HOST_CGROUP_MEMORY_LIMIT = "junction.host.cgroup.memory.limit";
    public static final String HOST_FILESYSTEM_SIZE = "junction.host.filesystem.size";
    public static final String HOST_FILESYSTEM_AVAILABLE = "junction.host.filesystem.available";
    public static final String TAG_MOUNT = "mount";
    public static final String HOST_DISK_READ = "junction.host.disk.read";
    public static final String HOST_DISK_WRITTEN = "junction.host.disk.written";
    public static final String TAG_DEVICE = "device";
    public static final String HOST_NETWORK_RECEIVED = "junction.host.network.received";
    public static final String HOST_NETWORK_TRANSMITTED = "junction.host.network.transmitted";
    public static final String TAG_INTERFACE = "interface";
    public static final String HOST_PROCESS_CPU_USAGE = "junction.host.process.cpu.usage";
    public static final String HOST_PROCESS_RSS = "junction.host.process.rss";
    public static final String HOST_PROCESS_FILES_OPEN = "junction.host.process.files.open";
    /** Timer: the cost of one host sample (all groups). */
    public static final String HOST_SAMPLE_DURATION = "junction.host.sample.duration";
}
