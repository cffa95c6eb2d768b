package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import junction.topology.TopicSetup.Expected;
import junction.topology.TopicSetup.Found;
import junction.topology.TopicSetup.TopicReport;
import junction.topology.TopicSetup.TopicReport.State;
import org.junit.jupiter.api.Test;

/** The rules TopicSetup applies to what it finds; the Admin round trips are tested against a broker in load/. */
class TopicSetupTest {

    private static final Expected CUSTOMERS = Expected.table("customers");
    private static final Expected DLQ = new Expected("junction-dlq", "delete", false, Map.of());

    @Test
    void aCompactedInputTableIsFine() {
        TopicReport report = TopicSetup.evaluate(CUSTOMERS, new Found(6, 1, "compact"), false);

        assertThat(report.ok()).isTrue();
        assertThat(report.notes()).isEmpty();
        assertThat(report.line()).isEqualTo("customers: ok (6 partitions, replication 1, cleanup.policy=compact)");
    }

    @Test
    void anInputTableThatIsNotCompactedOnlyIsAProblem() {
        for (String policy : List.of("delete", "compact,delete")) {
            TopicReport report = TopicSetup.evaluate(CUSTOMERS, new Found(6, 1, policy), false);

            assertThat(report.ok()).as(policy).isFalse();
            assertThat(report.problems()).singleElement().asString()
                    .startsWith("cleanup.policy is " + policy + ", junction expects compact")
                    .contains("--entity-name customers --add-config cleanup.policy=compact");
            assertThat(report.line()).startsWith("customers: exists (6 partitions").contains("; PROBLEM: ");
        }
    }

    @Test
    void aRecommendedPolicyThatDiffersIsOnlyANote() {
        TopicReport report = TopicSetup.evaluate(DLQ, new Found(6, 1, "compact"), false);

        assertThat(report.ok()).isTrue();
        assertThat(report.notes()).containsExactly("cleanup.policy is compact, junction expects delete");
    }

    @Test
    void anUnreadablePolicyIsNotedNotGuessed() {
        TopicReport report = TopicSetup.evaluate(CUSTOMERS, new Found(6, 3, null), false);

        assertThat(report.ok()).isTrue();
        assertThat(report.notes()).singleElement().asString().startsWith("cleanup.policy not readable");
        assertThat(report.line()).contains("cleanup.policy=unknown");
    }

    @Test
    void aMissingTopicIsAProblemAndMissingTopicsShareOneLine() {
        List<TopicReport> reports = List.of(
                TopicSetup.evaluate(CUSTOMERS, null, false),
                TopicSetup.evaluate(Expected.table("inventory"), new Found(6, 1, "delete"), false),
                TopicSetup.evaluate(DLQ, null, false));

        assertThat(reports.get(0).line()).isEqualTo("customers: missing");
        assertThat(TopicSetup.problems(reports)).hasSize(2)
                .first().isEqualTo("missing topics: customers, junction-dlq");
        assertThat(TopicSetup.problems(reports).get(1)).startsWith("inventory: cleanup.policy is delete");
    }

    @Test
    void anExistingTopicSizedOtherwiseIsNotedAndLeftAlone() {
        TopicReport found = TopicSetup.evaluate(CUSTOMERS, new Found(3, 1, "compact"), false);

        TopicReport report = TopicSetup.withAskedSizes(found, 6, (short) 3);

        assertThat(report.ok()).isTrue();
        assertThat(report.notes()).containsExactly(
                "3 partitions, not the 6 asked; left as is (adding partitions moves keys)",
                "replication 1, not the 3 asked; left as is");
        assertThat(TopicSetup.withAskedSizes(found, 3, (short) 1).notes()).isEmpty();
    }

    @Test
    void aCreatedTopicSaysSo() {
        TopicReport report = TopicSetup.evaluate(CUSTOMERS, new Found(6, 1, "compact"), true);

        assertThat(report.state()).isEqualTo(State.CREATED);
        assertThat(report.line()).isEqualTo("customers: created (6 partitions, replication 1, cleanup.policy=compact)");
    }

    @Test
    void productionSafeReplicationByClusterSize() {
        assertThat(TopicSetup.Replication.forBrokers(1)).isEqualTo(new TopicSetup.Replication((short) 1, 1));
        assertThat(TopicSetup.Replication.forBrokers(2)).isEqualTo(new TopicSetup.Replication((short) 2, 1));
        assertThat(TopicSetup.Replication.forBrokers(3)).isEqualTo(new TopicSetup.Replication((short) 3, 2));
        assertThat(TopicSetup.Replication.forBrokers(9)).isEqualTo(new TopicSetup.Replication((short) 3, 2));
    }

    @Test
    void moreInSyncReplicasThanCopiesIsRefusedNamingTheOption() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new TopicSetup.Replication((short) 3, 4))
                .withMessage("--min-insync-replicas must be 1..3 (the replication factor), was 4");
    }

    @Test
    void internalTopicsGetTheInputTablesReplication() {
        TopicSetup.Replication inputs = TopicSetup.inputReplication(new Found(6, 3, "compact", 2));

        assertThat(inputs).isEqualTo(new TopicSetup.Replication((short) 3, 2));
        assertThat(inputs.streamsSettings()).containsOnly(
                Map.entry("replication.factor", "3"), Map.entry("topic.min.insync.replicas", "2"));
        // min.insync.replicas not readable (no DescribeConfigs permission): the usual quorum for 3 copies.
        assertThat(TopicSetup.inputReplication(new Found(6, 3, null))).isEqualTo(new TopicSetup.Replication((short) 3, 2));
        assertThat(TopicSetup.inputReplication(null)).isNull();
    }

    @Test
    void theReportLineShowsMinInsyncReplicasWhenKnown() {
        TopicReport report = TopicSetup.evaluate(CUSTOMERS, new Found(6, 3, "compact", 2), true);

        assertThat(report.line()).isEqualTo("customers: created (6 partitions, replication 3, min.insync.replicas=2, cleanup.policy=compact)");
    }
}
