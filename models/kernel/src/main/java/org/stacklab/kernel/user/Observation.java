package org.stacklab.kernel.user;

import java.util.Arrays;

/**
 * What a user thread saw when one of its system calls completed: the result registers, the
 * ErrorCode register and the message registers the call's tag covers. Comparing these per thread
 * across models is how the conformance kit proves DESIGN.md rule 3.
 *
 * @param kind      which system call completed
 * @param from      {@code r0} after the call (partner id, or nil)
 * @param tag       {@code r1} after the call (MR0)
 * @param errorCode the UTCB ErrorCode (meaningful only when {@code tag} has the e bit)
 * @param words     MR1..MR(u+t) of a received message
 */
public record Observation(SyscallKind kind, long from, long tag, long errorCode, long[] words) {

    public Observation {
        words = words.clone();
    }

    @Override
    public long[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Observation other && kind == other.kind && from == other.from && tag == other.tag
                && errorCode == other.errorCode && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return ((kind.hashCode() * 31 + Long.hashCode(from)) * 31 + Long.hashCode(tag)) * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return kind + "(from=" + Long.toHexString(from) + ", tag=" + Long.toHexString(tag) + ", err=" + Long.toHexString(errorCode)
                + ", mrs=" + Arrays.toString(words) + ")";
    }
}
