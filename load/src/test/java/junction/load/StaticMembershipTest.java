package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import junction.topology.AppConfig;
import junction.topology.StreamApp;
import junction.topology.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.streams.CloseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static membership the Helm chart turns on ({@code group.instance.id} = the pod name, classic
 * protocol), on a real broker: a pod stopped with SIGTERM still leaves the group at once (so a
 * scale-down or a rolling update hands its tasks over without waiting for the session timeout),
 * while one that dies stays a member, so the pod that comes back under its name takes its place
 * instead of a newcomer's rebalance.
 */
@Tag("integration")
@ExtendWith(SharedKafka.class)
class StaticMembershipTest {

    /** Far above the waits below: a member that is gone by then left, it did not time out. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);

    /** The app's topics and group (its application id), this test's own on the JVM's shared broker. */
    private static final AppConfig APP = SharedKafka.withOwnNames(AppConfig.defaults(), "static-members");
    private static final String GROUP = APP.applicationId();

    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void createTopics(EmbeddedKafka shared) {
        kafka = shared;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        new TopicSetup(admin, APP).create(2, (short) 1);
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    /** An instance as the chart runs it: pod name as group.instance.id, classic protocol, no sink. */
    private static StreamApp pod(String podName, Path stateDir) {
        AppConfig d = APP.withBootstrapServers(kafka.bootstrapServers()).withApplication(GROUP, stateDir);
        AppConfig config = new AppConfig(d.bootstrapServers(), d.applicationId(), d.customersTopic(), d.inventoryTopic(),
                d.outputTopic(), d.deadLetterTopic(), 1, 0, d.processingGuarantee(), d.commitInterval(), d.stateDir(),
                false, d.sink(), Duration.ofSeconds(10), d.maxRecordBytes(),
                Map.of("group.instance.id", podName, "group.protocol", "classic",
                        "session.timeout.ms", String.valueOf(SESSION_TIMEOUT.toMillis())),
                d.tuning(), d.recordCacheBytes());
        StreamApp app = new StreamApp(config, new SimpleMeterRegistry());
        app.start();
        return app;
    }

    private static Set<String> members() throws Exception {
        List<MemberDescription> members = admin.describeConsumerGroups(List.of(GROUP)).all().get()
                .get(GROUP).members().stream().toList();
        Set<String> ids = new TreeSet<>();
        members.forEach(m -> ids.add(m.groupInstanceId().orElse("dynamic:" + m.consumerId())));
        return ids;
    }

    @Test
    void aStoppedPodLeavesAtOnceAndACrashedOneIsWaitedForUnderItsName(@TempDir Path dir) throws Exception {
        StreamApp pod0 = pod("junction-0", Files.createDirectories(dir.resolve("0")));
        StreamApp pod1 = pod("junction-1", Files.createDirectories(dir.resolve("1")));
        StreamApp crashed = pod1;
        try {
            pod0.awaitRunning(Duration.ofSeconds(60));
            pod1.awaitRunning(Duration.ofSeconds(60));
            // Kafka Streams appends the stream thread's index to the pod name.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(members()).containsExactly("junction-0-1", "junction-1-1"));

            // Crash: the process is gone without a goodbye. A static member stays, holding its
            // place (and partitions) for its pod to come back.
            pod1.streams().close(CloseOptions.timeout(Duration.ofSeconds(10))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            assertThat(members()).as("a crashed static member is still in the group").containsExactly("junction-0-1", "junction-1-1");

            // The pod comes back under its name (same StatefulSet ordinal) and takes its place
            // without waiting out the dead member's session timeout, as a newcomer would have to.
            long restart = System.nanoTime();
            pod1 = pod("junction-1", dir.resolve("1"));
            pod1.awaitRunning(SESSION_TIMEOUT.dividedBy(2));
            assertThat(members()).containsExactly("junction-0-1", "junction-1-1");
            System.out.printf("static member back RUNNING %d ms after its restart (session timeout %d s)%n",
                    (System.nanoTime() - restart) / 1_000_000, SESSION_TIMEOUT.toSeconds());

            // SIGTERM (scale-down, rolling update): the app leaves explicitly, so the group shrinks
            // well within the session timeout and the survivor takes the partitions now.
            long start = System.nanoTime();
            pod1.close();
            await().atMost(SESSION_TIMEOUT.dividedBy(4))
                    .untilAsserted(() -> assertThat(members()).containsExactly("junction-0-1"));
            System.out.printf("static member left %d ms after close() began (session timeout %d s)%n",
                    (System.nanoTime() - start) / 1_000_000, SESSION_TIMEOUT.toSeconds());
        } finally {
            pod1.close();
            crashed.close();
            pod0.close();
        }
    }
}
