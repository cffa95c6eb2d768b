package junction.ingest;

import java.util.SplittableRandom;

/**
 * The numbers 1..n split into live and deleted, with O(1) random pick from either side and O(1)
 * moves between them, in two int arrays: {@code order} holds the live numbers first, {@code slot}
 * is its inverse. This is what lets the generator delete and re-create among a million entities
 * without sets of boxed ids.
 */
final class LiveSet {

    private final int[] order;
    private final int[] slot;
    private int live;

    /** All of 1..n start live. */
    LiveSet(int n) {
        order = new int[n];
        slot = new int[n + 1];
        for (int i = 0; i < n; i++) {
            order[i] = i + 1;
            slot[i + 1] = i;
        }
        live = n;
    }

    /** n: how many numbers there are, live or deleted. */
    int total() {
        return order.length;
    }

    int liveCount() {
        return live;
    }

    int deletedCount() {
        return order.length - live;
    }

    boolean isLive(int number) {
        return number >= 1 && number < slot.length && slot[number] < live;
    }

    int randomLive(SplittableRandom random) {
        return order[random.nextInt(live)];
    }

    int randomDeleted(SplittableRandom random) {
        return order[live + random.nextInt(order.length - live)];
    }

    void delete(int number) {
        live--;
        swap(slot[number], live);
    }

    void revive(int number) {
        swap(slot[number], live);
        live++;
    }

    private void swap(int i, int j) {
        int a = order[i];
        int b = order[j];
        order[i] = b;
        order[j] = a;
        slot[b] = i;
        slot[a] = j;
    }
}
