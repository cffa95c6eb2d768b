package junction.load.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code scale}: a million customers and a hundred thousand skus through junction's full
 * pipeline with the app's heap at 512 MiB, then updates at {@code --rate} for
 * {@code --duration}; it must verify. Besides the rate and peak resident memory it prints the
 * measured inputs of the README's sizing model: CPU per input record and per update, the state
 * directory's bytes per customer and per sku (by store, after a clean stop), and the series one
 * instance's {@code /metrics} serves.
 */
final class ScaleScenario implements Scenario {

    private static final String APP = "app_full";
    private static final String APPLICATION_ID = "bench-scale";

    @Override
    public Outcome run(BenchRun run) throws Exception {
        BenchCluster cluster = run.cluster();
        BenchMonitor monitor = run.monitor();
        cluster.startEndpoint(Duration.ZERO);
        long inputs = run.preload();
        double preloadStart = monitor.elapsedSeconds();
        AppRun full = run.runApp(APP, APPLICATION_ID, true);
        double preloadEnd = monitor.elapsedSeconds();
        double rate = run.settings().faults().rate();
        AppRun updates = run.updateAndDrain(APP, APPLICATION_ID, rate);
        double updatesEnd = monitor.elapsedSeconds();
        BenchCluster.Scrape scrape = cluster.scrapeMetrics(APP);
        run.stopApp(APP);
        Map<String, Long> stores = storeBytes(run.stateDir(APPLICATION_ID, APP));

        long customers = run.settings().customers();
        long skus = run.settings().skus();
        double preloadCpu = monitor.meanCpu(APP, preloadStart, preloadEnd);
        double updatesCpu = monitor.meanCpu(APP, preloadEnd, updatesEnd);
        long byCustomer = stores.entrySet().stream().filter(e -> !isPerSku(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        long bySku = stores.entrySet().stream().filter(e -> isPerSku(e.getKey())).mapToLong(Map.Entry::getValue).sum();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("deliveredPerSec", full.inputPerSec());
        figures.put("appPeakRssMiB", Math.round(monitor.peakRssMib(APP)));
        figures.put("appHeap", run.settings().appHeap());
        figures.put("inputRecords", inputs);
        figures.put("deliveredRecords", full.delivered());
        figures.put("seconds", full.seconds());
        figures.put("preloadAppCpuCores", round2(preloadCpu));
        figures.put("preloadInputPerCoreSec", Math.round(inputs / (preloadCpu * (preloadEnd - preloadStart))));
        figures.put("updates", updates.inputRecords());
        figures.put("updateRatePerSec", Math.round(rate));
        figures.put("mergedPerUpdate", round2(run.mergedRecordsPerUpdate()));
        figures.put("updatesAppCpuCores", round2(updatesCpu));
        figures.put("updatesPerCoreSec", Math.round(updates.inputRecords() / (updatesCpu * (updatesEnd - preloadEnd))));
        figures.put("stateDirBytes", byCustomer + bySku);
        figures.put("stateBytesPerCustomer", Math.round((double) byCustomer / customers));
        figures.put("stateBytesPerSku", Math.round((double) bySku / skus));
        figures.put("stateBytesByStore", stores.toString());
        figures.put("metricsSeries", scrape.series());
        figures.put("metricsBytes", scrape.bytes());
        figures.put("metricsScrapeMs", scrape.millis());
        figures.put("partitions", run.settings().partitions());
        figures.put("rateDefinition", ThroughputScenario.RATE_DEFINITION);
        figures.put("sizingDefinition", "cpu cores: the app's mean CPU (1.0 = one core busy) over the phase, sampled"
                + " once a second; per core-second = the phase's records / (that mean x the phase's seconds), the"
                + " preload's including the app's start, the updates' including their drain; state: the app's state directory"
                + " after a clean stop, by store, stores keyed by sku (inventory) per sku, all others per customer");
        return new Outcome(figures, run.verify());
    }

    /** The inventory table is the one store with an entry per sku; the others hold one per customer. */
    private static boolean isPerSku(String store) {
        return store.startsWith("inventory");
    }

    /** Bytes on disk per state store ({@code <task>/rocksdb/<store>/...}, summed over tasks). */
    static Map<String, Long> storeBytes(Path stateDir) {
        Map<String, Long> stores = new TreeMap<>();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path relative = stateDir.relativize(file);
                String store = "other";
                for (int i = 0; i < relative.getNameCount() - 1; i++) {
                    if (relative.getName(i).toString().equals("rocksdb")) {
                        store = relative.getName(i + 1).toString();
                        break;
                    }
                }
                try {
                    stores.merge(store, Files.size(file), Long::sum);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot size " + file, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateDir, e);
        }
        return stores;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public int defaultCustomers() {
        return 1_000_000;
    }

    @Override
    public int defaultSkus() {
        return 100_000;
    }

    @Override
    public String defaultAppHeap() {
        return "512m";
    }
}
