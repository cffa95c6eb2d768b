package junction.load.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import junction.cli.Durations;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a replay starts in each partition: {@code beginning}, {@code offset:N} (the same offset
 * in every partition), {@code time:2024-01-01T00:00:00Z} or {@code time:-10m} (that long before
 * the replay starts). A start past a partition's end leaves that partition out.
 */
public sealed interface StartPoint {

    record Beginning() implements StartPoint {
        @Override
        public String toString() {
            return "beginning";
        }
    }

    record AtOffset(long offset) implements StartPoint {
        @Override
        public String toString() {
            return "offset:" + offset;
        }
    }

    record AtTime(Instant time) implements StartPoint {
        @Override
        public String toString() {
            return "time:" + time;
        }
    }

    record Ago(Duration ago) implements StartPoint {
        @Override
        public String toString() {
            return "time:-" + Durations.format(ago);
        }
    }

    String USAGE = "use beginning, offset:N, time:2024-01-01T00:00:00Z or time:-10m";

    static StartPoint parse(String text) {
        String value = text.trim();
        if (value.equals("beginning")) {
            return new Beginning();
        }
        if (value.startsWith("offset:")) {
            String number = value.substring("offset:".length());
            try {
                long offset = Long.parseLong(number);
                if (offset >= 0) {
                    return new AtOffset(offset);
                }
            } catch (NumberFormatException e) {
                // Reported below with the other bad values.
            }
            throw new TypeConversionException("'" + value + "': the offset must be a whole number >= 0 (" + USAGE + ")");
        }
        if (value.startsWith("time:-")) {
            String ago = value.substring("time:-".length());
            try {
                return new Ago(Durations.parse(ago));
            } catch (TypeConversionException e) {
                throw new TypeConversionException("'" + value + "': '" + ago + "' is not a duration (" + USAGE + ")");
            }
        }
        if (value.startsWith("time:")) {
            try {
                return new AtTime(Instant.parse(value.substring("time:".length())));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "': not an ISO-8601 instant with zone (" + USAGE + ")");
            }
        }
        throw new TypeConversionException("'" + value + "' is not a start point (" + USAGE + ")");
    }

    /**
     * The offset to start reading at in each partition, between its earliest offset and
     * {@code ends}; a partition starting at its end has nothing to replay.
     */
    default Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> ends, Clock clock) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        if (this instanceof AtTime || this instanceof Ago) {
            long millis = this instanceof AtTime at ? at.time().toEpochMilli()
                    : clock.millis() - ((Ago) this).ago().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, millis));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            // No record at or after the time: the partition has nothing to replay.
            partitions.forEach(tp -> starts.put(tp, found.get(tp) == null
                    ? ends.get(tp) : Math.min(found.get(tp).offset(), ends.get(tp))));
            return starts;
        }
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions);
        long wanted = this instanceof AtOffset at ? at.offset() : 0;
        partitions.forEach(tp -> starts.put(tp, Math.min(Math.max(wanted, earliest.get(tp)), ends.get(tp))));
        return starts;
    }

    /** Picocli reads {@code --start} with this. */
    final class Converter implements ITypeConverter<StartPoint> {
        @Override
        public StartPoint convert(String value) {
            return parse(value);
        }
    }
}
