package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Closing a task's processor drops the task's records still queued in the sink and settles them
 * for the commit barrier: Kafka Streams closes a task's processors after its hand-over commit
 * (which left them uncommitted) or when the task was lost (closed dirty, no commit); either way the
 * new owner re-sends them.
 */
class SinkProcessorCloseTest extends SinkTestBase {

    private final CommitBarrier barrier = new CommitBarrier();

    /** A context that only knows where the current record came from. */
    @SuppressWarnings("unchecked")
    private static ProcessorContext<Void, Void> readingFrom(String topic, int partition) {
        RecordMetadata metadata = new RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return 0;
            }
        };
        return (ProcessorContext<Void, Void>) Proxy.newProxyInstance(ProcessorContext.class.getClassLoader(),
                new Class<?>[] {ProcessorContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordMetadata")) {
                        return Optional.of(metadata);
                    }
                    if (method.getName().equals("schedule")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void closingATaskDropsItsQueuedRecordsAndSettlesThemButNotTheBatchInFlight() {
        Sinks.Empty<Void> release = Sinks.empty();
        TestEndpoint endpoint = endpoint(request -> release.asMono().then(Mono.just(200)));
        AnalyticsSink sink = sink(config(endpoint).lanes(1).maxBatchRecords(1).build());
        Processor<String, String, Void, Void> processor = SinkProcessor.<String, String>supplier(sink, barrier,
                record -> new SinkRecord(record.key(), record.key() + "@" + record.timestamp(),
                        ("{\"v\":\"" + record.value() + "\"}").getBytes(StandardCharsets.UTF_8), record.timestamp()),
                java.time.Duration.ofSeconds(1)).get();
        processor.init(readingFrom("responses", 0));
        processor.process(new Record<>("c1", "a", 1L));
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        processor.process(new Record<>("c2", "b", 2L));
        processor.process(new Record<>("c3", "c", 3L));
        assertThat(barrier.unsettled()).isEqualTo(3);

        processor.close();

        assertThat(barrier.unsettled()).as("only the batch in flight is still awaited").isEqualTo(1);
        release.tryEmitEmpty();
        await().atMost(WAIT).until(() -> barrier.unsettled() == 0);
        assertThat(endpoint.requests()).flatExtracting(TestEndpoint.Request::lines).containsExactly("{\"v\":\"a\"}");
    }
}
