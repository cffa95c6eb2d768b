package junction.sink;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The newest consumer-group generation this instance's stream threads have seen, sent with every
 * request ({@link HttpDelivery#GENERATION_HEADER}). Each stream thread's consumer reports its
 * generation after every poll ({@link BarrierClientSupplier}); threads of one instance are members of
 * the same group, so the newest of them is the instance's.
 */
public final class GroupGeneration {

    private final AtomicInteger newest = new AtomicInteger(-1);

    /** Records a generation a consumer is in; an older one than known changes nothing. */
    void seen(int generation) {
        newest.accumulateAndGet(generation, Math::max);
    }

    /** The newest generation seen, -1 before the first. */
    public int current() {
        return newest.get();
    }
}
