package junction.sink;

import java.nio.charset.StandardCharsets;

/** Small JSON records for the sink tests: event id "key@version". */
final class TestRecords {

    private TestRecords() {
    }

    static SinkRecord record(String key, int version) {
        return sized(key, version, 0);
    }

    /** A record whose body is exactly {@code bodyBytes} long (padded), or as short as it gets for 0. */
    static SinkRecord sized(String key, int version, int bodyBytes) {
        String json = "{\"key\":\"" + key + "\",\"version\":" + version + ",\"pad\":\"\"}";
        String padded = json.length() >= bodyBytes ? json
                : json.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(bodyBytes - json.length()) + "\"");
        return new SinkRecord(key, key + "@" + version, padded.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
    }

    static String body(SinkRecord record) {
        return new String(record.body(), StandardCharsets.UTF_8);
    }
}
