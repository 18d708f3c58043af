package org.stacklab.machine.profile;

/**
 * Geometry of one set-associative cache (or TLB, whose "line" is a page).
 *
 * <p>Invariant: size, line and the number of sets are powers of two; {@code ways} divides
 * {@code sizeBytes / lineBytes}. A direct-mapped cache has {@code ways == 1}; a fully associative
 * one has {@code ways == sizeBytes / lineBytes}.
 *
 * @param sizeBytes total capacity in bytes
 * @param ways      associativity
 * @param lineBytes bytes per line
 * @param policy    replacement policy ({@code LRU} is the only one implemented)
 */
public record CacheSpec(int sizeBytes, int ways, int lineBytes, String policy) {

    public CacheSpec {
        if (sizeBytes <= 0 || Integer.bitCount(sizeBytes) != 1) {
            throw new InvalidFieldException("sizeBytes", "must be a power of two, got " + sizeBytes);
        }
        if (lineBytes <= 0 || Integer.bitCount(lineBytes) != 1 || lineBytes > sizeBytes) {
            throw new InvalidFieldException("lineBytes",
                    "must be a power of two no larger than the cache (" + sizeBytes + " bytes), got " + lineBytes);
        }
        int lines = sizeBytes / lineBytes;
        if (ways <= 0 || lines % ways != 0 || Integer.bitCount(lines / ways) != 1) {
            throw new InvalidFieldException("ways",
                    "must divide the " + lines + " lines into a power-of-two number of sets, got " + ways);
        }
        if (policy == null) {
            policy = "LRU";
        }
        if (!policy.equals("LRU")) {
            throw new InvalidFieldException("policy", "unknown replacement policy '" + policy + "' (supported: LRU)");
        }
    }

    /** Number of sets. */
    public int sets() {
        return sizeBytes / lineBytes / ways;
    }
}
