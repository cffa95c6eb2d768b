package junction.model;

/**
 * A customer as published on the {@code customers} topic, keyed by {@code customerId}.
 * {@code sku} is the product the customer is currently interested in; it can change or be null.
 */
public record Customer(
        String customerId,
        String name,
        String email,
        String tier,
        String region,
        String sku,
        long updatedAt) {

    /** The id field, also the record key on the customers topic. */
    public static final IdField<Customer> ID = new IdField<>("customerId", Customer::customerId);
}
