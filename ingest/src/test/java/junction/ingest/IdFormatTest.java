package junction.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdFormatTest {

    private final IdFormat ids = IdFormat.forCount("c", 100_000);

    @Test
    void padsToTheWidthOfTheCountAndParsesBack() {
        assertThat(ids.format(1)).isEqualTo("c000001");
        assertThat(ids.format(100_000)).isEqualTo("c100000");
        assertThat(ids.format(1_234_567)).isEqualTo("c1234567");
        assertThat(ids.parse("c000042")).isEqualTo(42);
        assertThat(ids.parse("c1234567")).isEqualTo(1_234_567);
    }

    @Test
    void parsesOnlyTheCanonicalSpelling() {
        assertThat(ids.parse("c0000042")).isEqualTo(-1);
        assertThat(ids.parse("c00042")).isEqualTo(-1);
        assertThat(ids.parse("x000042")).isEqualTo(-1);
        assertThat(ids.parse("c00004x")).isEqualTo(-1);
        assertThat(ids.parse("c99999999999")).isEqualTo(-1);
        assertThat(ids.parse(null)).isEqualTo(-1);
        assertThat(ids.parse(42)).isEqualTo(-1);
    }
}
