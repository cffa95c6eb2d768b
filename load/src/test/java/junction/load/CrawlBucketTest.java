package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CrawlBucketTest {

    private static final long T0 = 1_000_000_000_000L;

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    @Test
    void requestsWaitInArrivalOrderForTheirRecordsAtTheRate() {
        CrawlBucket crawl = new CrawlBucket(20);

        assertThat(crawl.admit(10, T0)).isEqualTo(Duration.ofMillis(500));
        assertThat(crawl.admit(10, T0)).as("behind the first").isEqualTo(Duration.ofMillis(1000));
        assertThat(crawl.admit(20, T0 + seconds(0.5))).as("behind both").isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void idleTimeBuildsNoCredit() {
        CrawlBucket crawl = new CrawlBucket(20);
        crawl.admit(10, T0);

        assertThat(crawl.admit(10, T0 + seconds(60))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRateOfZeroIsNoCrawl() {
        assertThatThrownBy(() -> new CrawlBucket(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
