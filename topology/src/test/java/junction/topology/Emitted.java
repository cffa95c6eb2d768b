package junction.topology;

import junction.model.CustomerInventory;

/** One record the topology emitted, to the output topic or to the sink. */
record Emitted(String key, CustomerInventory value, long timestamp) {

    /**
     * The same record without its event id and version, which ledger tests do not spell out
     * ({@code DeliveryStamperTest} checks versions).
     */
    Emitted withoutEventId() {
        return value == null ? this
                : new Emitted(key, value.withDelivery(null, value.sourceTimestamp()).withVersion(0), timestamp);
    }
}
