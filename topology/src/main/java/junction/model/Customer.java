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

    /** Why this value cannot be processed, or null when it can. */
    public static String problem(Customer c) {
        if (c.customerId() == null || c.customerId().isBlank()) {
            return "customerId is missing";
        }
        return null;
    }
}
