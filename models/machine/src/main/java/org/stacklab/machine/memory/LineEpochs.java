package org.stacklab.machine.memory;

/**
 * Counts distinct cache lines touched per epoch (an epoch is one user-visible operation), with an
 * open-addressing table from line number to the last epoch that touched it.
 *
 * <p>Invariant: {@link #distinctTotal()} is the sum, over all closed and the current epoch, of the
 * number of distinct lines touched in that epoch.
 */
public final class LineEpochs {
    private long[] keys = new long[1 << 12];
    private int[] epochs = new int[1 << 12];
    private int size;
    private int epoch = 1;
    private long distinctTotal;
    /** Key of the last touch in this epoch; {@code Long.MIN_VALUE} (no line has that key) when none. */
    private long lastKey = Long.MIN_VALUE;
    /** Epoch that last touched line -1, whose key would be the empty marker 0; 0 = never. */
    private int minusOneEpoch;

    /** Records a touch of {@code line} in the current epoch. */
    public void touch(long line) {
        long key = line + 1; // 0 marks an empty slot
        if (key == lastKey) {
            return; // already counted in this epoch
        }
        lastKey = key;
        if (key == 0) {
            if (minusOneEpoch != epoch) {
                minusOneEpoch = epoch;
                distinctTotal++;
            }
            return;
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                if (epochs[i] != epoch) {
                    epochs[i] = epoch;
                    distinctTotal++;
                }
                return;
            }
            if (k == 0) {
                keys[i] = key;
                epochs[i] = epoch;
                distinctTotal++;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Closes the current epoch. */
    public void nextEpoch() {
        epoch++;
        lastKey = Long.MIN_VALUE;
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
        long[] oldKeys = keys;
        int[] oldEpochs = epochs;
        keys = new long[oldKeys.length * 2];
        epochs = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = mix(oldKeys[j]) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                epochs[i] = oldEpochs[j];
            }
        }
    }
}
