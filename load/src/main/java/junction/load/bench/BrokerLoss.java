package junction.load.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import junction.cli.Durations;
import junction.model.Topics;

/**
 * {@code broker-loss}: on a cluster of three nodes (topics with 3 replicas, 2 in sync), the node
 * coordinating the app's consumer group is killed with SIGKILL and never comes back. Producers
 * (acks=all, idempotent) and the app must carry on with the other two once the controller has
 * fenced the lost node and moved its leaderships; nothing acknowledged may be lost.
 *
 * <p>Measured around the kill, at 100 ms: the longest stretch without a record delivered to the
 * endpoint and without a committed offset moving (the pause), the same before the kill (what
 * normal looks like at this rate), and how long until no partition of junction's topics or of
 * the offsets topic was led by the lost node (the leader election the pause may not exceed by much).
 */
final class BrokerLoss implements Fault {

    static final int NODES = 3;
    /** Progress watched before the kill, for the normal gap to compare the pause with. */
    private static final Duration BEFORE_KILL = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> WATCHED_TOPICS = Set.of(Topics.CUSTOMERS.name(), Topics.INVENTORY.name(),
            Topics.CUSTOMER_INVENTORY.name(), Topics.DEAD_LETTERS.name(), "__consumer_offsets");

    @Override
    public String describe(FaultRun run) {
        return "1 of " + NODES + " brokers (the app's group coordinator) killed with SIGKILL, never restarted;"
                + " progress watched for " + Durations.format(run.length()) + " after the kill";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(20);
    }

    @Override
    public int brokers() {
        return NODES;
    }

    @Override
    public Ending begin(FaultRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        String group = run.applicationId();
        ProgressGaps delivered = ProgressGaps.start("delivered", () -> cluster.endpoint().stats().records(), POLL);
        ProgressGaps committed = ProgressGaps.start("committed", () -> cluster.committedOffsetSum(group), POLL);
        long watchStart = System.nanoTime();
        FaultScenario.pauseUntil(watchStart + BEFORE_KILL.toNanos());

        int lost = cluster.coordinatorOf(group);
        Map<Integer, Integer> leadersBefore = cluster.leadersByNode(WATCHED_TOPICS);
        long kill = System.nanoTime();
        cluster.kill(BenchCluster.brokerName(lost));
        double election = awaitLeadersMoved(cluster, lost, kill, run.length());

        return () -> {
            long end = System.nanoTime();
            delivered.close();
            committed.close();
            run.figure("brokers", NODES);
            run.figure("lostNode", lost);
            run.figure("lostNodeLeaderships", leadersBefore.getOrDefault(lost, 0));
            run.figure("leaderElectionSeconds", election);
            run.figure("pauseDeliveredSeconds", delivered.longestGapSeconds(kill, end));
            run.figure("pauseCommittedSeconds", committed.longestGapSeconds(kill, end));
            run.figure("gapDeliveredBeforeKillSeconds", delivered.longestGapSeconds(watchStart, kill));
            run.figure("gapCommittedBeforeKillSeconds", committed.longestGapSeconds(watchStart, kill));
            run.figure("pauseDefinition", "longest stretch without a record delivered to the endpoint (without the"
                    + " group's committed offsets moving), polled every " + Durations.format(POLL) + ", from the kill to "
                    + Durations.format(run.length()) + " later; leaderElectionSeconds: from the kill until no partition of "
                    + WATCHED_TOPICS.size() + " topics (junction's and __consumer_offsets) is led by the lost node");
        };
    }

    /**
     * Seconds from the kill until none of the watched partitions has the lost node (or no one) as
     * leader; -1 if that did not happen within the fault's length.
     */
    private static double awaitLeadersMoved(BenchCluster cluster, int lost, long kill, Duration limit)
            throws InterruptedException {
        long deadline = kill + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<Integer, Integer> leaders = cluster.leadersByNode(WATCHED_TOPICS);
                if (!leaders.containsKey(lost) && !leaders.containsKey(-1)) {
                    return Math.round((System.nanoTime() - kill) / 1e8) / 10.0;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // The admin client may still be asking the lost node: ask again.
            }
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
        return -1;
    }
}
