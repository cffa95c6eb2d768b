package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class RocksDBSettingsTest {

    @Test
    void everyLevelGetsItsBloomFilterBackFromKafkaStreamsDefault() {
        RocksDB.loadLibrary();
        try (Options options = new Options().setOptimizeFiltersForHits(true)) {
            new RocksDBSettings().setConfig("customers-store", options, Map.of());

            assertThat(options.optimizeFiltersForHits()).isFalse();
        }
    }
}
