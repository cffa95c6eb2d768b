package junction.topology;

import java.util.Map;
import junction.model.BadRecordException.Reason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An input record the sources cannot read (malformed, missing id, bad key, oversized, ...) is
 * dead-lettered and skipped: one poison record must not stop the table it belongs to. Kafka
 * Streams' own {@link LogAndContinueExceptionHandler} builds the dead letter (KIP-1034);
 * {@link RefusedRecords} labels and counts it.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectingDeserializationHandler.class);

    private final LogAndContinueExceptionHandler deadLetters = new LogAndContinueExceptionHandler();
    private RefusedRecords refusals = new RefusedRecords(Map.of());

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Reason reason = RefusedRecords.reasonOf(exception);
        refusals.log(log, context, reason, exception);
        Response built = deadLetters.handleError(context, record, exception);
        return Response.resume(refusals.letters(built.deadLetterQueueRecords(), reason));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
        refusals = new RefusedRecords(configs);
    }
}
