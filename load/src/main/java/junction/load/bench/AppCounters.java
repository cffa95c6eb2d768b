package junction.load.bench;

import junction.metrics.MeterNames;

/**
 * One app instance's cumulative record counters, read from its {@code /metrics} page (Prometheus
 * text): what it joined and what its sink delivered. The scale-out scenario samples them per
 * instance, since the output topic and the endpoint only see the sum of all instances.
 *
 * @param joined {@code junction_records_joined_total}
 * @param delivered {@code junction_sink_records_total{outcome="delivered"}}
 */
record AppCounters(long joined, long delivered) {

    static final String JOINED = prometheusCounter(MeterNames.RECORDS_JOINED);
    static final String SINK_RECORDS = prometheusCounter(MeterNames.SINK_RECORDS);
    static final String DELIVERED_LABEL = MeterNames.TAG_OUTCOME + "=\"" + MeterNames.OUTCOME_DELIVERED + "\"";

    /** The counters on a {@code /metrics} page; a counter not on it (no sink, nothing yet) is 0. */
    static AppCounters parse(String metrics) {
        double joined = 0;
        double delivered = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (isSample(line, JOINED)) {
                joined += value(line);
            } else if (isSample(line, SINK_RECORDS) && line.contains(DELIVERED_LABEL)) {
                delivered += value(line);
            }
        }
        return new AppCounters(Math.round(joined), Math.round(delivered));
    }

    /** A Micrometer counter's Prometheus name: dots to underscores, {@code _total} appended. */
    private static String prometheusCounter(String dotted) {
        return dotted.replace('.', '_') + "_total";
    }

    /** The metric's own sample line, not one of a longer name that starts the same. */
    private static boolean isSample(String line, String metric) {
        return line.startsWith(metric) && line.length() > metric.length()
                && (line.charAt(metric.length()) == '{' || line.charAt(metric.length()) == ' ');
    }

    /** The value after the labels: {@code name{labels} value [timestamp]}. */
    static double value(String line) {
        int labelsEnd = line.lastIndexOf('}');
        String[] rest = line.substring(labelsEnd < 0 ? line.indexOf(' ') : labelsEnd + 1).trim().split("\\s+");
        return Double.parseDouble(rest[0]);
    }
}
