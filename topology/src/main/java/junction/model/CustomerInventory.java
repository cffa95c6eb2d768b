package junction.model;

/**
 * The merged record delivered to the analytics endpoint, keyed by {@code customerId}: the
 * customer's fields plus the inventory item its {@code sku} points at (null when the sku is null
 * or unknown).
 *
 * <p>{@code eventId} is derived from the content's versions and from the position of the record
 * that triggered this result (see {@code junction.topology.EventIds}), so a record re-delivered
 * after a restart carries the same id and an endpoint that remembers ids can drop it.
 * {@code version} grows with every record of the same customer, across restarts and fail-overs
 * (a hybrid logical clock, see {@code junction.topology.DeliveryStamper}), so an endpoint that
 * remembers nothing but each customer's latest version can apply last-writer-wins.
 * {@code sourceTimestamp} is the timestamp of the input record that caused this version; the
 * endpoint measures end-to-end latency from it. A deleted customer is sent as
 * {@code deleted=true} with only its id and version set.
 */
public record CustomerInventory(
        String eventId,
        String customerId,
        String name,
        String email,
        String tier,
        String region,
        String sku,
        long updatedAt,
        InventoryItem inventory,
        long sourceTimestamp,
        boolean deleted,
        long version) {

    /** The merge of one customer with the item its sku points at (null when unknown). */
    public static CustomerInventory of(Customer c, InventoryItem item) {
        return new CustomerInventory(null, c.customerId(), c.name(), c.email(), c.tier(), c.region(),
                c.sku(), c.updatedAt(), item, 0L, false, 0L);
    }

    /** The delete the endpoint receives when a customer is tombstoned. */
    public static CustomerInventory deletion(String customerId) {
        return new CustomerInventory(null, customerId, null, null, null, null, null, 0L, null, 0L, true, 0L);
    }

    public CustomerInventory withDelivery(String eventId, long sourceTimestamp) {
        return new CustomerInventory(eventId, customerId, name, email, tier, region, sku, updatedAt,
                inventory, sourceTimestamp, deleted, version);
    }

    /** This record with its per-customer version (see {@code DeliveryStamper}). */
    public CustomerInventory withVersion(long value) {
        return new CustomerInventory(eventId, customerId, name, email, tier, region, sku, updatedAt,
                inventory, sourceTimestamp, deleted, value);
    }
}
