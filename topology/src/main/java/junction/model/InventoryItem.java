package junction.model;

/** An inventory item as published on the {@code inventory} topic, keyed by {@code sku}. */
public record InventoryItem(
        String sku,
        String name,
        String category,
        long priceCents,
        int quantity,
        String warehouse,
        long updatedAt) {

    /** Why this value cannot be processed, or null when it can. */
    public static String problem(InventoryItem i) {
        if (i.sku() == null || i.sku().isBlank()) {
            return "sku is missing";
        }
        return null;
    }
}
