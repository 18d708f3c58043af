package org.stacklab.kernel.ipc;

/**
 * The older L4 V2 / X.0 timeout word (32 bits, semantics.md §4.2) [R: H kernel/include/ipc.h,
 * apps/include/l4/l4.h; V2 l4sys types.h]:
 *
 * <pre>
 * bits   31..24   23..16   15..12      11..8       7..4     3..0
 * field  rcv_man  snd_man  snd_pfault  rcv_pfault  snd_exp  rcv_exp
 * </pre>
 *
 * <ul>
 *   <li>A send or receive timeout is {@code 4^(15-e) * m} µs ({@code TIMEOUT(exp, man) =
 *       (1 << 2*(15-exp)) * man}); {@code e = 0} is infinite whatever m is; {@code m = 0} with
 *       {@code e != 0} is 0 µs, i.e. fail at once [R: H kernel/src/ipc.c]. (Whether V2 kernels other
 *       than H treat {@code m = 0} as zero for every e is unverified, semantics.md §9.)
 *   <li>A page-fault timeout p is {@code TIMEOUT(p, 1) = 4^(15-p)} µs, and {@code p = 0} is infinite
 *       [R: H {@code GET_RECV_PF_TIMEOUT}]. <b>Unverified boundary</b> (semantics.md §9): this class
 *       decodes {@code p = 15} as 1 µs, as H's {@code TIMEOUT(15, 1)} computes; whether V2 means 1 µs or
 *       0 (fail at once) there is not settled by any source read (H's {@code IS_INFINITE_*_PFAULT} macros
 *       are buggy and are no reference).
 *   <li>{@link #NEVER} ({@code L4_IPC_NEVER}) is raw 0; {@link #TIMEOUT_NULL}
 *       ({@code L4_IPC_TIMEOUT_NULL}) is {@code {15, 15, 15, 15, 0, 0}} = raw {@code 0x0000FFFF}: send and
 *       receive 0 µs, page faults 1 µs (see the p = 15 caveat).
 * </ul>
 *
 * <p>Decoded values are in µs with {@link #INFINITE} ({@link Long#MAX_VALUE}) for infinite.
 *
 * @param raw the 32-bit word, unsigned
 */
public record V2Timeout(long raw) {
    /** Decoded value of an infinite timeout. */
    public static final long INFINITE = Long.MAX_VALUE;

    /** {@code L4_IPC_NEVER}: every field 0, all four timeouts infinite. */
    public static final V2Timeout NEVER = new V2Timeout(0);

    /** {@code L4_IPC_TIMEOUT_NULL}: exponents 15, mantissas 0, page-fault fields 15 (raw 0x0000FFFF). */
    public static final V2Timeout TIMEOUT_NULL = new V2Timeout(0x0000_FFFFL);

    /** Largest finite send/receive value: e = 1, m = 255, {@code 255 * 4^14} µs (about 19 h). */
    public static final long MAX_FINITE_MICROS = 255L << 28;

    public V2Timeout {
        if (raw < 0 || raw > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a V2 timeout word has 32 bits: " + Long.toHexString(raw));
        }
    }

    /**
     * The word {@code L4_IPC_TIMEOUT(snd_man, snd_exp, rcv_man, rcv_exp, snd_pflt, rcv_pflt)} builds, with
     * that macro's argument order [R: V2 l4sys types.h].
     *
     * @throws IllegalArgumentException if a mantissa is not 0..255 or an exponent is not 0..15
     */
    public static V2Timeout of(int sndMan, int sndExp, int rcvMan, int rcvExp, int sndPfault, int rcvPfault) {
        check("snd_man", sndMan, 0xFF);
        check("rcv_man", rcvMan, 0xFF);
        check("snd_exp", sndExp, 0xF);
        check("rcv_exp", rcvExp, 0xF);
        check("snd_pfault", sndPfault, 0xF);
        check("rcv_pfault", rcvPfault, 0xF);
        return new V2Timeout(((long) rcvMan << 24) | ((long) sndMan << 16) | ((long) sndPfault << 12) | ((long) rcvPfault << 8)
                | ((long) sndExp << 4) | rcvExp);
    }

    /** A word with the given send and receive timeouts (µs, {@link #INFINITE} allowed) and infinite page-fault timeouts. */
    public static V2Timeout ofMicros(long sendMicros, long receiveMicros) {
        Period s = Period.of(sendMicros);
        Period r = Period.of(receiveMicros);
        return of(s.mantissa(), s.exponent(), r.mantissa(), r.exponent(), 0, 0);
    }

    private static void check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be 0.." + max + ", got " + value);
        }
    }

    // --- fields --------------------------------------------------------------------------------------

    public int rcvExp() {
        return (int) (raw & 0xF);
    }

    public int sndExp() {
        return (int) ((raw >>> 4) & 0xF);
    }

    public int rcvPfault() {
        return (int) ((raw >>> 8) & 0xF);
    }

    public int sndPfault() {
        return (int) ((raw >>> 12) & 0xF);
    }

    public int sndMan() {
        return (int) ((raw >>> 16) & 0xFF);
    }

    public int rcvMan() {
        return (int) ((raw >>> 24) & 0xFF);
    }

    // --- decoded values (µs; INFINITE = infinite) --------------------------------------------------

    public long sendMicros() {
        return micros(sndExp(), sndMan());
    }

    public long receiveMicros() {
        return micros(rcvExp(), rcvMan());
    }

    /** See the class comment for the unverified p = 15 boundary. */
    public long sendPageFaultMicros() {
        return pageFaultMicros(sndPfault());
    }

    /** See the class comment for the unverified p = 15 boundary. */
    public long receivePageFaultMicros() {
        return pageFaultMicros(rcvPfault());
    }

    /**
     * {@code TIMEOUT(e, m) = 4^(15-e) * m} µs; {@code e = 0} → {@link #INFINITE}; {@code m = 0, e != 0} → 0
     * [R: H].
     */
    public static long micros(int exponent, int mantissa) {
        check("exponent", exponent, 0xF);
        check("mantissa", mantissa, 0xFF);
        if (exponent == 0) {
            return INFINITE;
        }
        return (long) mantissa << (2 * (15 - exponent));
    }

    /**
     * {@code TIMEOUT(p, 1) = 4^(15-p)} µs; {@code p = 0} → {@link #INFINITE} [R: H {@code GET_RECV_PF_TIMEOUT}].
     * <b>Unverified:</b> {@code p = 15} gives 1 µs here; whether V2 means 1 µs or 0 is not settled
     * (semantics.md §9).
     */
    public static long pageFaultMicros(int p) {
        check("page-fault exponent", p, 0xF);
        return p == 0 ? INFINITE : 1L << (2 * (15 - p));
    }

    /** For messages. */
    public String describe() {
        return String.format("0x%08x {snd %s, rcv %s, snd_pf %s, rcv_pf %s}", raw, show(sendMicros()), show(receiveMicros()),
                show(sendPageFaultMicros()), show(receivePageFaultMicros()));
    }

    private static String show(long micros) {
        return micros == INFINITE ? "inf" : micros + "us";
    }

    /**
     * One send or receive timeout as its exponent and mantissa.
     *
     * @param exponent e, 0..15 (0 = infinite)
     * @param mantissa m, 0..255
     */
    public record Period(int exponent, int mantissa) {
        public static final Period INFINITE = new Period(0, 0);
        /** 0 µs, as {@code L4_IPC_TIMEOUT_NULL} writes it (e = 15, m = 0). */
        public static final Period ZERO = new Period(15, 0);

        public Period {
            check("exponent", exponent, 0xF);
            check("mantissa", mantissa, 0xFF);
        }

        /**
         * [DECIDE] encoder (no V2 library encoder was read): the largest exponent (finest unit
         * {@code 4^(15-e)}) whose mantissa {@code micros / 4^(15-e)} fits in 8 bits, rounding down like
         * {@code L4_TimePeriod} does. Unlike X.2, 0 µs encodes as {@link #ZERO} (e = 15, m = 0), not as
         * infinite; {@link V2Timeout#INFINITE} and every value {@code >= 256 * 4^14 = 2^36} µs encode as
         * {@link #INFINITE}.
         *
         * @throws IllegalArgumentException if {@code micros < 0}
         */
        public static Period of(long micros) {
            if (micros < 0) {
                throw new IllegalArgumentException("a timeout is not negative: " + micros + " us");
            }
            for (int e = 15; e >= 1; e--) {
                long m = micros >>> (2 * (15 - e));
                if (m <= 0xFF) {
                    return new Period(e, (int) m);
                }
            }
            return INFINITE;
        }

        /** The value in µs, {@link V2Timeout#INFINITE} for e = 0. */
        public long micros() {
            return V2Timeout.micros(exponent, mantissa);
        }
    }
}
