package org.stacklab.machine.profile;

/**
 * How the kernel turns a thread number into its TCB (semantics.md §1; DESIGN.md "The kernel semantics").
 * Both check the TCB's {@code my_global_id} against the whole id, so both find the same threads; they
 * differ only in the memory they touch.
 *
 * <p>Invariant: {@link #toString()} is the name written in a profile's YAML ({@code table},
 * {@code virtual-array}).
 */
public enum TcbLookup {
    /**
     * A lookup table with a word per thread number: load the entry (the TCB's address), then the TCB.
     * Two dependent kernel loads per lookup, and the table's memory.
     */
    TABLE("table"),
    /**
     * L4's virtual TCB array: TCB {@code n} sits at {@code arrayBase + (n - first) * stride}, so its
     * address is computed from the number with no table load. The TCB access itself goes through the
     * TLB, so TCBs spread over many pages cost TLB misses instead.
     */
    VIRTUAL_ARRAY("virtual-array");

    private final String yamlName;

    TcbLookup(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in profile files and in {@code config.json}. */
    @Override
    public String toString() {
        return yamlName;
    }
}
