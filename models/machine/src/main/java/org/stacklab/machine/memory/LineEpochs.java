package org.stacklab.machine.memory;

import java.util.Arrays;

/**
 * Counts distinct cache lines touched per epoch (an epoch is one user-visible operation). The set of
 * lines touched in the current epoch is an open-addressing table that is emptied at every epoch
 * boundary, so it only ever holds one operation's footprint.
 *
 * <p>Invariant: {@link #distinctTotal()} is the sum, over all closed and the current epoch, of the
 * number of distinct lines touched in that epoch.
 */
public final class LineEpochs {
    private static final long EMPTY = Long.MIN_VALUE; // no line number maps to this key

    private long[] keys = newTable(1 << 8);
    private int[] used = new int[1 << 7];
    private int size;
    private long distinctTotal;
    private long lastLine = EMPTY;
    /** A small direct-mapped filter of lines already counted in this epoch (tagged with the epoch). */
    private final long[] recentLine = new long[64];
    private final int[] recentEpoch = new int[64];
    private int epoch = 1;
    private boolean lastValid;
    /** Whether line {@code Long.MIN_VALUE} (whose key is the empty marker) was touched in this epoch. */
    private boolean minTouched;

    private static long[] newTable(int capacity) {
        long[] t = new long[capacity];
        Arrays.fill(t, EMPTY);
        return t;
    }

    /** Records a touch of {@code line} in the current epoch. */
    public void touch(long line) {
        if (line == lastLine && lastValid) {
            return; // already counted in this epoch
        }
        lastLine = line;
        lastValid = true;
        int r = (int) (line ^ (line >>> 6)) & 63;
        if (recentLine[r] == line && recentEpoch[r] == epoch) {
            return;
        }
        recentLine[r] = line;
        recentEpoch[r] = epoch;
        if (line == EMPTY) {
            if (!minTouched) {
                minTouched = true;
                distinctTotal++;
            }
            return;
        }
        int mask = keys.length - 1;
        int i = mix(line) & mask;
        while (true) {
            long k = keys[i];
            if (k == line) {
                return;
            }
            if (k == EMPTY) {
                keys[i] = line;
                if (size == used.length) {
                    used = Arrays.copyOf(used, size * 2);
                }
                used[size++] = i;
                distinctTotal++;
                if (size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Closes the current epoch. */
    public void nextEpoch() {
        for (int j = 0; j < size; j++) {
            keys[used[j]] = EMPTY;
        }
        size = 0;
        epoch++;
        lastValid = false;
        minTouched = false;
    }

    /** Distinct lines summed over epochs. */
    public long distinctTotal() {
        return distinctTotal;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] old = keys;
        keys = newTable(old.length * 2);
        int mask = keys.length - 1;
        int n = 0;
        for (long k : old) {
            if (k != EMPTY) {
                int i = mix(k) & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                used[n++] = i;
            }
        }
    }
}
