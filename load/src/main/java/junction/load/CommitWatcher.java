package junction.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import junction.metrics.DaemonThreads;
import junction.topology.GroupLag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a stream app from outside, as an operator's tooling would: every {@code interval} it
 * reads the group's committed offsets, the end offsets of what it consumes and the group's state
 * and members (Admin client). It reports the longest time committed offsets stood still while
 * there was something to commit, and whether the group ever left Stable or changed members (a
 * member evicted for not polling rejoins under a new member id).
 *
 * <p>The topics watched are the given inputs plus every topic the group has committed offsets on
 * (the join's internal topics), so the app's topology need not be known. Times are as seen by the
 * polls: a gap is accurate to one interval. A poll that fails (the broker restarting) is counted
 * and skipped.
 */
public final class CommitWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommitWatcher.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What the watcher saw.
     *
     * @param longestGapSeconds longest time committed offsets did not advance while committed lag was above 0
     * @param leftStable the group was seen in another state than Stable after it first was Stable
     * @param statesSeen every group state seen, in name order
     * @param membersChanged the group's member ids differed from the first set seen while Stable
     * @param peakLag highest committed lag seen
     * @param polls readings taken
     * @param failedPolls readings that failed (counted, not used)
     */
    public record Report(double longestGapSeconds, boolean leftStable, Set<String> statesSeen, boolean membersChanged,
                         long peakLag, long polls, long failedPolls) {

        public Report {
            statesSeen = Set.copyOf(statesSeen);
        }

        /** The group stayed Stable with the same members throughout: nobody was evicted or rebalanced. */
        public boolean noEviction() {
            return !leftStable && !membersChanged;
        }
    }

    private final String groupId;
    private final Set<String> inputTopics;
    private final Admin admin;
    private final Tracker tracker = new Tracker();
    private final ScheduledExecutorService polls = DaemonThreads.scheduler("commit-watcher");

    private CommitWatcher(String bootstrapServers, String groupId, Set<String> inputTopics) {
        this.groupId = groupId;
        this.inputTopics = Set.copyOf(inputTopics);
        // A reading that cannot be taken soon is worthless: give up on it and take the next.
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()));
    }

    /** Starts watching group {@code groupId} (a stream app's application id) every {@code interval}. */
    public static CommitWatcher start(String bootstrapServers, String groupId, Set<String> inputTopics,
            Duration interval) {
        CommitWatcher watcher = new CommitWatcher(bootstrapServers, groupId, inputTopics);
        watcher.polls.scheduleWithFixedDelay(watcher::poll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return watcher;
    }

    /** What was seen so far; the watcher goes on. */
    public Report report() {
        synchronized (tracker) {
            return tracker.report();
        }
    }

    private void poll() {
        try {
            Map<TopicPartition, Long> committed = committedOffsets();
            Set<String> topics = new HashSet<>(inputTopics);
            committed.keySet().forEach(tp -> topics.add(tp.topic()));
            Map<TopicPartition, Long> ends = GroupLag.endOffsets(admin, topics);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                lag += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
            }
            ConsumerGroupDescription group = admin.describeConsumerGroups(Set.of(groupId)).describedGroups()
                    .get(groupId).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> members = group.members().stream().map(MemberDescription::consumerId)
                    .collect(Collectors.toSet());
            synchronized (tracker) {
                tracker.observe(System.nanoTime(), committed, lag, group.groupState(), members);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            synchronized (tracker) {
                tracker.failed();
            }
            log.debug("commit watcher: reading group {} failed: {}", groupId, e.toString());
        }
    }

    private Map<TopicPartition, Long> committedOffsets()
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                offsets.put(tp, offset.offset());
            }
        });
        return offsets;
    }

    @Override
    public void close() {
        polls.shutdownNow();
        try {
            polls.awaitTermination(CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(CALL_TIMEOUT);
    }

    /** The judgement on a sequence of readings, apart from Kafka so it can be tested alone. Not thread-safe. */
    static final class Tracker {
        private Map<TopicPartition, Long> lastCommitted = Map.of();
        /** When committed offsets last advanced, or lag was last 0; -1 before the first reading. */
        private long stillSince = -1;
        private long longestGapNanos;
        private boolean wasStable;
        private boolean leftStable;
        private final Set<String> statesSeen = new TreeSet<>();
        private Set<String> stableMembers;
        private boolean membersChanged;
        private long peakLag;
        private long polls;
        private long failedPolls;

        void observe(long nanos, Map<TopicPartition, Long> committed, long lag, GroupState state, Set<String> members) {
            polls++;
            peakLag = Math.max(peakLag, lag);
            boolean advanced = committed.entrySet().stream()
                    .anyMatch(e -> e.getValue() > lastCommitted.getOrDefault(e.getKey(), -1L));
            lastCommitted = Map.copyOf(committed);
            if (stillSince < 0 || advanced || lag == 0) {
                stillSince = nanos;
            } else {
                longestGapNanos = Math.max(longestGapNanos, nanos - stillSince);
            }

            statesSeen.add(state.toString());
            if (state == GroupState.STABLE) {
                wasStable = true;
                if (stableMembers == null) {
                    stableMembers = Set.copyOf(members);
                }
            } else if (wasStable) {
                leftStable = true;
            }
            if (stableMembers != null && !stableMembers.equals(members)) {
                membersChanged = true;
            }
        }

        void failed() {
            polls++;
            failedPolls++;
        }

        Report report() {
            return new Report(longestGapNanos / 1e9, leftStable, statesSeen, membersChanged, peakLag, polls, failedPolls);
        }
    }
}
