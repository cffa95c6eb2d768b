package junction.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizeLimitTest {

    private static final long MS = 1_000_000L;
    private final BatchSizeLimit limit = new BatchSizeLimit(500, Duration.ofSeconds(10));

    @Test
    void startsSmallAndGrowsToTheMaximumOnFastFullBatches() {
        assertThat(limit.limit()).isEqualTo(BatchSizeLimit.START);
        for (int i = 0; i < 20; i++) {
            limit.onResponse(limit.limit(), 100 * MS, false);
        }
        assertThat(limit.limit()).isEqualTo(500);
    }

    @Test
    void aBatchThatIsNotFullDoesNotGrowIt() {
        limit.onResponse(10, 100 * MS, false);

        assertThat(limit.limit()).isEqualTo(BatchSizeLimit.START);
    }

    @Test
    void slowAnswersAndTimeoutsHalveItDownToOneRecord() {
        limit.onResponse(64, 6_000 * MS, false);
        assertThat(limit.limit()).isEqualTo(32);
        limit.onResponse(32, 10_000 * MS, true);
        assertThat(limit.limit()).isEqualTo(16);
        for (int i = 0; i < 10; i++) {
            limit.onResponse(limit.limit(), 10_000 * MS, true);
        }
        assertThat(limit.limit()).isEqualTo(1);
        assertThat(limit.recentP99Seconds()).isEqualTo(10.0);
    }

    @Test
    void answersBetweenAQuarterAndHalfTheTimeoutLeaveItAlone() {
        limit.onResponse(64, 4_000 * MS, false);

        assertThat(limit.limit()).isEqualTo(BatchSizeLimit.START);
    }

    @Test
    void aSlowishAnswerCapsTheNextBatchAtTwiceItsSize() {
        for (int i = 0; i < 20; i++) {
            limit.onResponse(limit.limit(), 100 * MS, false);
        }
        limit.onResponse(40, 3_000 * MS, false);

        assertThat(limit.limit()).as("the pile a crawl built may not go out at once").isEqualTo(80);
    }

    @Test
    void slowishAnswersForFullBatchesKeepThemFull() {
        for (int i = 0; i < 20; i++) {
            limit.onResponse(limit.limit(), 100 * MS, false);
        }
        for (int i = 0; i < 5; i++) {
            limit.onResponse(limit.limit(), 4_000 * MS, false);
        }

        assertThat(limit.limit()).as("an endpoint that is slow whatever the size").isEqualTo(500);
    }

    @Test
    void aSuddenSlowdownCapsTheNextBatchAtWhatThatSpeedAnswersInAQuarterOfTheTimeout() {
        for (int i = 0; i < 20; i++) {
            limit.onResponse(limit.limit(), 10 * MS, false);
        }
        // A crawl has begun: 10 records took 800 ms (12.5 records/s), 80 times the usual answer; a
        // quarter of the 10 s timeout holds 31 of them, so the pile behind may not go out whole.
        limit.onResponse(10, 800 * MS, false);

        assertThat(limit.limit()).isEqualTo(31);
    }

    @Test
    void anEndpointSlowButSteadyKeepsItsBatchesWhateverTheirSize() {
        for (int i = 0; i < 20; i++) {
            limit.onResponse(limit.limit(), 10 * MS, false);
        }
        for (int i = 0; i < 64; i++) {
            limit.onResponse(1, 800 * MS, false);
        }
        int afterSlowdown = limit.limit();
        for (int i = 0; i < 30; i++) {
            limit.onResponse(limit.limit(), 800 * MS, false);
        }

        assertThat(afterSlowdown).as("the first slow answers read as a slowdown").isLessThan(500);
        assertThat(limit.limit()).as("once 800 ms is the usual, full batches grow back").isEqualTo(500);
    }
}
