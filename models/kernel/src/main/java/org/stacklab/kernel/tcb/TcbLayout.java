package org.stacklab.kernel.tcb;

import java.util.ArrayList;
import java.util.List;

/**
 * The field layout of a TCB: the fields every model shares ({@link Shared}) followed by the fields a
 * model adds (a continuation and its scratch area, an exported restart state, a saved stack
 * pointer). A TCB's size is the sum of its fields (DESIGN.md "Kernel memory is real"); nothing else
 * decides it.
 *
 * <p>Invariant: offsets are assigned in declaration order, word-aligned, without gaps.
 */
public final class TcbLayout {

    /** Fields every model's TCB has, at the same offsets. */
    public enum Shared {
        MY_GLOBAL_ID,
        STATE,
        PARTNER,
        PRIORITY,
        READY_NEXT,
        READY_PREV,
        SEND_HEAD,
        SEND_TAIL,
        SEND_NEXT,
        SPACE,
        UTCB,
        IPC_FROM,
        /** Absolute deadline (cycles, tick resolution) of a finite IPC timeout, 0 = none ({@code org.stacklab.kernel.time.Timers}). */
        WAKEUP;

        /** The field handle. */
        public TcbField field() {
            return new TcbField(name().toLowerCase(java.util.Locale.ROOT), ordinal(), 1);
        }
    }

    private final int wordBytes;
    private final List<TcbField> fields;
    private final int[] offsets;
    private final int sizeBytes;

    private TcbLayout(int wordBytes, List<TcbField> fields) {
        this.wordBytes = wordBytes;
        this.fields = List.copyOf(fields);
        this.offsets = new int[fields.size()];
        int at = 0;
        for (TcbField f : fields) {
            offsets[f.index()] = at;
            at += f.words() * wordBytes;
        }
        this.sizeBytes = at;
    }

    /** A builder that starts with the shared fields; trap frames of 1 word (tests). */
    public static Builder builder(int wordBytes) {
        return new Builder(wordBytes, 1);
    }

    /**
     * A builder that starts with the shared fields.
     *
     * @param trapFrameWords words of a user trap frame on this machine (user registers + PC + status),
     *                       for models that keep the user state in the TCB
     */
    public static Builder builder(int wordBytes, int trapFrameWords) {
        return new Builder(wordBytes, trapFrameWords);
    }

    public int wordBytes() {
        return wordBytes;
    }

    /** Byte offset of {@code f}. */
    public int offset(TcbField f) {
        return offsets[f.index()];
    }

    /** Bytes of all fields. */
    public int sizeBytes() {
        return sizeBytes;
    }

    public List<TcbField> fields() {
        return fields;
    }

    /** Builds a layout: shared fields first, then the model's. */
    public static final class Builder {
        private final int wordBytes;
        private final int trapFrameWords;
        private final List<TcbField> fields = new ArrayList<>();

        private Builder(int wordBytes, int trapFrameWords) {
            this.wordBytes = wordBytes;
            this.trapFrameWords = trapFrameWords;
            for (Shared s : Shared.values()) {
                fields.add(s.field());
            }
        }

        /** Words of a user trap frame on this machine (user registers + PC + status). */
        public int trapFrameWords() {
            return trapFrameWords;
        }

        /** Adds a model field of {@code words} words and returns its handle. */
        public TcbField add(String name, int words) {
            if (words <= 0) {
                throw new IllegalArgumentException("field " + name + " needs at least one word");
            }
            TcbField f = new TcbField(name, fields.size(), words);
            fields.add(f);
            return f;
        }

        public TcbLayout build() {
            return new TcbLayout(wordBytes, fields);
        }
    }
}
