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

    /** The id field, also the record key on the inventory topic. */
    public static final IdField<InventoryItem> ID = new IdField<>("sku", InventoryItem::sku);
}
