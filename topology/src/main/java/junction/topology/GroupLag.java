package junction.topology;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** End offsets and committed lag, read with the Admin client. */
public final class GroupLag {

    private GroupLag() {
    }

    public static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read end offsets of " + topics + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading end offsets", e);
        }
    }

    public static long endOffsetSum(Admin admin, String topic) {
        return endOffsets(admin, Set.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sum over the topics' partitions of end offset minus the group's committed offset (0 if none). */
    public static long committedLag(Admin admin, String groupId, Set<String> topics) {
        Map<TopicPartition, Long> ends = endOffsets(admin, topics);
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets of group " + groupId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading committed offsets", e);
        }
    }
}
