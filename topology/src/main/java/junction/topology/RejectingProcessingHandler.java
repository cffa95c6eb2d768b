package junction.topology;

import java.util.Map;
import junction.model.BadRecordException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BadRecordException} thrown by a processor (an id that is not its key) is an input
 * record refused: dead-lettered from the source record as read (KIP-1034's
 * {@link LogAndContinueProcessingExceptionHandler}), labelled and counted by {@link RefusedRecords},
 * and skipped. Any other exception is a bug or an outage, not bad input, and is handled as Kafka
 * Streams does by default ({@link LogAndFailProcessingExceptionHandler}): the app stops rather
 * than drop records it should have delivered.
 */
public final class RejectingProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectingProcessingHandler.class);

    private final LogAndContinueProcessingExceptionHandler refuse = new LogAndContinueProcessingExceptionHandler();
    private final LogAndFailProcessingExceptionHandler fail = new LogAndFailProcessingExceptionHandler();
    private RefusedRecords refusals = new RefusedRecords(Map.of());

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof BadRecordException bad)) {
            return fail.handleError(context, record, exception);
        }
        refusals.log(log, context, bad.reason(), exception);
        Response built = refuse.handleError(context, record, exception);
        return Response.resume(refusals.letters(built.deadLetterQueueRecords(), bad.reason()));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        refuse.configure(configs);
        fail.configure(configs);
        refusals = new RefusedRecords(configs);
    }
}
