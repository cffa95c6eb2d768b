package junction.ingest;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import junction.ingest.Change.CustomerChange;
import junction.ingest.Change.InventoryChange;
import junction.ingest.Change.Kind;
import junction.model.Customer;
import junction.model.InventoryItem;

/**
 * A seeded source of customers, inventory items and a stream of changes to them, and the record
 * of the final state those changes leave, which is what a run is verified against.
 *
 * <p>Everything follows from the seed: two generators with the same seed and sizes emit the same
 * records in the same order. {@code updatedAt} comes from a counter, not the clock, and increases
 * on every change, so no two versions of an entity look alike. The state is held in primitive
 * arrays indexed by the id's number (about 60 bytes per customer or item) and records are built
 * only when emitted or read, so a million customers fit in a small heap.
 *
 * <p>Not thread-safe: one thread draws from a generator.
 */
public final class Generator {

    /** Upper bound for either count; unknown skus are drawn above the sku count, inside int range. */
    public static final int MAX_COUNT = 100_000_000;
    /** updatedAt of the first record, 2024-01-01T00:00:00Z; each change adds one millisecond. */
    public static final long BASE_EPOCH_MILLIS = 1_704_067_200_000L;

    private static final int PERCENT_WITHOUT_SKU = 3;
    private static final String[] FIRST_NAMES = {"Ada", "Alan", "Barbara", "Claude", "Dennis", "Donald",
        "Edsger", "Frances", "Grace", "Guido", "Hedy", "John", "Ken", "Leslie", "Linus", "Margaret",
        "Niklaus", "Radia", "Shafi", "Tim"};
    private static final String[] LAST_NAMES = {"Allen", "Berners", "Codd", "Dijkstra", "Goldwasser",
        "Hamilton", "Hopper", "Kay", "Knuth", "Lamarr", "Lamport", "Liskov", "Lovelace", "McCarthy",
        "Perlman", "Ritchie", "Rossum", "Shannon", "Thompson", "Wirth"};
    private static final String[] FIRST_LOWER = lowerCase(FIRST_NAMES);
    private static final String[] LAST_LOWER = lowerCase(LAST_NAMES);
    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    /** Cumulative percentages of the tiers above: half bronze, few platinum. */
    private static final int[] TIER_CUMULATIVE_PERCENT = {50, 80, 95, 100};
    private static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south", "sa-east"};
    private static final String[] ADJECTIVES = {"Compact", "Durable", "Electric", "Folding", "Heavy", "Light",
        "Modular", "Portable", "Quiet", "Smart", "Sturdy", "Vintage"};
    private static final String[] NOUNS = {"Backpack", "Blender", "Chair", "Desk", "Drill", "Headphones",
        "Kettle", "Lamp", "Monitor", "Speaker", "Tent", "Umbrella"};
    private static final String[] CATEGORIES = {"books", "clothing", "electronics", "garden", "grocery", "home",
        "sports", "toys"};
    private static final String[] WAREHOUSES = {"AMS1", "FRA1", "IAD1", "SFO1", "SIN1"};
    private static final Kind[] KINDS = Kind.values();
    private static final int TOTAL_WEIGHT = Stream.of(KINDS).mapToInt(Kind::weight).sum();

    private final SplittableRandom random;
    private final int customerCount;
    private final int skuCount;
    private final IdFormat customerIds;
    private final IdFormat skuIds;
    private long clock;
    private boolean updating;

    private final LiveSet liveCustomers;
    private final int[] customerName;
    private final int[] emailVersion;
    private final byte[] tier;
    private final byte[] region;
    /** 0 for no sku, 1..skuCount for a generated sku, above skuCount for a sku that never exists. */
    private final int[] customerSku;
    private final long[] customerUpdatedAt;

    private final LiveSet liveSkus;
    private final int[] itemName;
    private final byte[] category;
    private final byte[] warehouse;
    private final int[] priceCents;
    private final int[] quantity;
    private final long[] itemUpdatedAt;

    public Generator(long seed, int customers, int skus) {
        if (customers < 1 || customers > MAX_COUNT || skus < 1 || skus > MAX_COUNT) {
            throw new IllegalArgumentException("customers and skus must be between 1 and " + MAX_COUNT
                    + ", were " + customers + " and " + skus);
        }
        random = new SplittableRandom(seed);
        customerCount = customers;
        skuCount = skus;
        customerIds = IdFormat.forCount("c", customers);
        skuIds = IdFormat.forCount("sku", skus);

        liveSkus = new LiveSet(skus);
        itemName = new int[skus + 1];
        category = new byte[skus + 1];
        warehouse = new byte[skus + 1];
        priceCents = new int[skus + 1];
        quantity = new int[skus + 1];
        itemUpdatedAt = new long[skus + 1];
        for (int n = 1; n <= skus; n++) {
            drawItem(n);
        }

        liveCustomers = new LiveSet(customers);
        customerName = new int[customers + 1];
        emailVersion = new int[customers + 1];
        tier = new byte[customers + 1];
        region = new byte[customers + 1];
        customerSku = new int[customers + 1];
        customerUpdatedAt = new long[customers + 1];
        for (int n = 1; n <= customers; n++) {
            drawCustomer(n);
        }
    }

    /** Every sku as first generated, in id order; lazy, and only before the first update. */
    public Stream<Change> initialInventory() {
        requireNotUpdating();
        return IntStream.rangeClosed(1, skuCount).mapToObj(n -> inventoryUpsert(Kind.SKU_CREATED, n));
    }

    /** Every customer as first generated, in id order; lazy, and only before the first update. */
    public Stream<Change> initialCustomers() {
        requireNotUpdating();
        return IntStream.rangeClosed(1, customerCount).mapToObj(n -> customerUpsert(Kind.CUSTOMER_CREATED, n));
    }

    private void requireNotUpdating() {
        if (updating) {
            throw new IllegalStateException("the initial records are gone once updates have started");
        }
    }

    /** The next change, its kind drawn by {@link Kind#weight()}; a kind with nothing to act on is redrawn. */
    public Change nextUpdate() {
        updating = true;
        while (true) {
            Change change = apply(drawKind());
            if (change != null) {
                return change;
            }
        }
    }

    /**
     * About how many merged records one update causes: a customer change re-emits that customer,
     * an inventory change every customer pointing at the item (customers / skus of them on
     * average, since customers pick skus uniformly). What a rate of updates costs the join and the
     * sink, in records delivered.
     */
    public double mergedRecordsPerUpdate() {
        double inventoryShare = Stream.of(KINDS).filter(k -> k.topic() == InputTopic.INVENTORY)
                .mapToInt(Kind::weight).sum() / (double) TOTAL_WEIGHT;
        return (1 - inventoryShare) + inventoryShare * customerCount / (double) skuCount;
    }

    /** Live view of the customers the emitted changes leave: deleted ids absent. */
    public Map<String, Customer> customers() {
        return new LiveStateView<>(customerIds, liveCustomers, this::customer);
    }

    /** Live view of the inventory the emitted changes leave: deleted skus absent. */
    public Map<String, InventoryItem> inventory() {
        return new LiveStateView<>(skuIds, liveSkus, this::item);
    }

    private Kind drawKind() {
        int draw = random.nextInt(TOTAL_WEIGHT);
        for (Kind kind : KINDS) {
            draw -= kind.weight();
            if (draw < 0) {
                return kind;
            }
        }
        throw new AssertionError("weights do not add up to " + TOTAL_WEIGHT);
    }

    /** Applies one change to the state and returns its record, or null when it cannot apply now. */
    private Change apply(Kind kind) {
        switch (kind) {
            case CUSTOMER_CREATED -> {
                if (liveCustomers.deletedCount() == 0) {
                    return null;
                }
                int n = liveCustomers.randomDeleted(random);
                liveCustomers.revive(n);
                drawCustomer(n);
                return customerUpsert(kind, n);
            }
            case SKU_CREATED -> {
                if (liveSkus.deletedCount() == 0) {
                    return null;
                }
                int n = liveSkus.randomDeleted(random);
                liveSkus.revive(n);
                drawItem(n);
                return inventoryUpsert(kind, n);
            }
            default -> {
                return kind.topic() == InputTopic.CUSTOMERS ? changeCustomer(kind) : changeItem(kind);
            }
        }
    }

    private Change changeCustomer(Kind kind) {
        if (liveCustomers.liveCount() == 0) {
            return null;
        }
        int n = liveCustomers.randomLive(random);
        switch (kind) {
            case CUSTOMER_SKU_CHANGED -> {
                if (liveSkus.liveCount() == 0) {
                    return null;
                }
                customerSku[n] = liveSkus.randomLive(random);
            }
            case CUSTOMER_SKU_CLEARED -> customerSku[n] = 0;
            case CUSTOMER_SKU_UNKNOWN -> customerSku[n] = skuCount + 1 + random.nextInt(skuCount);
            case CUSTOMER_PROFILE_CHANGED -> {
                if (random.nextBoolean()) {
                    tier[n] = (byte) ((tier[n] + 1 + random.nextInt(TIERS.length - 1)) % TIERS.length);
                } else {
                    emailVersion[n]++;
                }
            }
            case CUSTOMER_DELETED -> {
                liveCustomers.delete(n);
                return new CustomerChange(kind, customerIds.format(n), null);
            }
            default -> throw new IllegalArgumentException("not a customer change: " + kind);
        }
        customerUpdatedAt[n] = tick();
        return customerUpsert(kind, n);
    }

    private Change changeItem(Kind kind) {
        if (liveSkus.liveCount() == 0) {
            return null;
        }
        int n = liveSkus.randomLive(random);
        switch (kind) {
            case SKU_QUANTITY_CHANGED -> quantity[n] = Math.max(0, quantity[n] + random.nextInt(-50, 51));
            case SKU_PRICE_CHANGED -> priceCents[n] = (int) Math.max(1, priceCents[n] * (long) random.nextInt(80, 126) / 100);
            case SKU_DELETED -> {
                liveSkus.delete(n);
                return new InventoryChange(kind, skuIds.format(n), null);
            }
            default -> throw new IllegalArgumentException("not an inventory change: " + kind);
        }
        itemUpdatedAt[n] = tick();
        return inventoryUpsert(kind, n);
    }

    private long tick() {
        return BASE_EPOCH_MILLIS + ++clock;
    }

    private void drawCustomer(int n) {
        customerName[n] = random.nextInt(FIRST_NAMES.length * LAST_NAMES.length);
        emailVersion[n] = 0;
        int tierDraw = random.nextInt(100);
        byte t = 0;
        while (tierDraw >= TIER_CUMULATIVE_PERCENT[t]) {
            t++;
        }
        tier[n] = t;
        region[n] = (byte) random.nextInt(REGIONS.length);
        boolean withoutSku = random.nextInt(100) < PERCENT_WITHOUT_SKU || liveSkus.liveCount() == 0;
        customerSku[n] = withoutSku ? 0 : liveSkus.randomLive(random);
        customerUpdatedAt[n] = tick();
    }

    private void drawItem(int n) {
        itemName[n] = random.nextInt(ADJECTIVES.length * NOUNS.length);
        category[n] = (byte) random.nextInt(CATEGORIES.length);
        warehouse[n] = (byte) random.nextInt(WAREHOUSES.length);
        priceCents[n] = random.nextInt(99, 100_000);
        quantity[n] = random.nextInt(0, 1_001);
        itemUpdatedAt[n] = tick();
    }

    private CustomerChange customerUpsert(Kind kind, int n) {
        return new CustomerChange(kind, customerIds.format(n), customer(n));
    }

    private InventoryChange inventoryUpsert(Kind kind, int n) {
        return new InventoryChange(kind, skuIds.format(n), item(n));
    }

    private Customer customer(int n) {
        int first = customerName[n] / LAST_NAMES.length;
        int last = customerName[n] % LAST_NAMES.length;
        StringBuilder email = new StringBuilder(40)
                .append(FIRST_LOWER[first]).append('.').append(LAST_LOWER[last]).append('.').append(n);
        if (emailVersion[n] > 0) {
            email.append("+v").append(emailVersion[n]);
        }
        email.append("@example.com");
        String sku = customerSku[n] == 0 ? null : skuIds.format(customerSku[n]);
        return new Customer(customerIds.format(n), FIRST_NAMES[first] + " " + LAST_NAMES[last], email.toString(),
                TIERS[tier[n]], REGIONS[region[n]], sku, customerUpdatedAt[n]);
    }

    private InventoryItem item(int n) {
        String name = ADJECTIVES[itemName[n] / NOUNS.length] + " " + NOUNS[itemName[n] % NOUNS.length];
        return new InventoryItem(skuIds.format(n), name, CATEGORIES[category[n]], priceCents[n], quantity[n],
                WAREHOUSES[warehouse[n]], itemUpdatedAt[n]);
    }

    private static String[] lowerCase(String[] words) {
        return Stream.of(words).map(String::toLowerCase).toArray(String[]::new);
    }
}
