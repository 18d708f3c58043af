package org.stacklab.kernel.ipc;

/**
 * An X.2 {@code L4_Time_t} (16 bits, semantics.md §4.1). Raw 0 is Never; raw 0x0400 is Zero; a
 * relative period is {@code m * 2^e} microseconds. [DECIDE] every period with {@code m == 0} and
 * {@code raw != 0} counts as Zero.
 *
 * <pre>
 * relative period   a=0 [15] | e[14:10] (5 bits) | m[9:0]      m * 2^e µs
 * absolute point    a=1 [15] | e[14:11] (4 bits) | c[10] | m[9:0]   see {@link #deadlineMicros}
 * Never             raw 0x0000                                  infinite
 * Zero              raw 0x0400 (e=1, m=0)                       fail at once if the partner is not ready
 * </pre>
 *
 * <p>Rules and their sources (tags as in semantics.md §0):
 *
 * <ul>
 *   <li>{@link #isNever()}, the Zero value 0x0400 and {@code µs = m << e}: [R: P kernel/src/api/v4/types.h].
 *   <li>{@link #isZero()} for every relative {@code m == 0, raw != 0}: [DECIDE] (P would arm a 0 µs timer).
 *   <li>{@link #period(long)}: the library encoder {@code L4_TimePeriod} [R: P user/include/l4/types.h],
 *       including its surprise {@code period(0) == NEVER} (semantics.md §8 vector 14).
 *   <li>Absolute points, decoder and validity rule: [R: MU include/l4/types.h {@code L4_PointClock_NP},
 *       include/ukernel/util.h {@code pt_is_valid}, kernel {@code wakeup_at}]. P leaves them
 *       {@code UNIMPLEMENTED()}.
 *   <li>{@link #point(long, long)}: MU's {@code L4_TimePoint2_NP}, with one [DECIDE] difference (see there).
 * </ul>
 *
 * @param raw the 16-bit encoding
 */
public record Timeout(int raw) {
    public static final Timeout NEVER = new Timeout(0);
    public static final Timeout ZERO = new Timeout(0x0400);

    /** Largest finite relative period: raw 0x7FFF, {@code 1023 << 31} µs (about 25.4 days). */
    public static final long MAX_PERIOD_MICROS = 1023L << 31;

    /** Largest exponent of an absolute point (4 bits). */
    public static final int MAX_POINT_EXPONENT = 15;

    /** Largest distance from now an absolute point can express: {@code 0x3FF << 15} µs (about 33.5 s) [R: MU]. */
    public static final long MAX_POINT_MICROS = 0x3FFL << MAX_POINT_EXPONENT;

    public Timeout {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("a timeout has 16 bits: " + Integer.toHexString(raw));
        }
    }

    /** The send timeout in a Timeouts word ({@code snd << 16 | rcv}). */
    public static Timeout send(long timeouts) {
        return new Timeout((int) ((timeouts >>> 16) & 0xFFFF));
    }

    /** The receive timeout in a Timeouts word. */
    public static Timeout receive(long timeouts) {
        return new Timeout((int) (timeouts & 0xFFFF));
    }

    /** A Timeouts word. */
    public static long word(Timeout send, Timeout receive) {
        return ((long) send.raw << 16) | receive.raw;
    }

    // --- encoders ------------------------------------------------------------------------------------

    /**
     * The library encoder {@code L4_TimePeriod(us)} [R: P user/include/l4/types.h]: starting from
     * {@code m = us, e = 0}, halve m (truncating) and increment e until {@code m < 1024}; if then
     * {@code e > 31} the result is Never. So the value is rounded <em>down</em> to 10 significant bits
     * ({@code period(1025)} is 1024 µs), and:
     *
     * <ul>
     *   <li>{@code period(0)} is raw 0, i.e. {@link #NEVER}, <b>not</b> {@link #ZERO} (semantics.md §0
     *       and §8 vector 14): a "0 µs" library call means infinite; use {@link #ZERO} for an immediate
     *       timeout.
     *   <li>{@code period(us)} for {@code us >= 2^41} is Never too (e would exceed 31). Every {@code us}
     *       in {@code 1 .. 2^41 - 1} gives a finite period of at most {@link #MAX_PERIOD_MICROS} that is
     *       never Zero (after halving, {@code m >= 512}).
     * </ul>
     *
     * @param micros the period in microseconds ({@code L4_Word64_t}, so it must not be negative)
     * @throws IllegalArgumentException if {@code micros < 0}
     */
    public static Timeout period(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("a period is an unsigned number of microseconds: " + micros);
        }
        if (micros == 0) {
            return NEVER; // m = 0, e = 0: the raw word stays 0 (L4_Never)
        }
        int e = 0;
        long m = micros;
        while (m >= 1024) {
            m >>>= 1;
            e++;
        }
        if (e > 31) {
            return NEVER;
        }
        return new Timeout((e << 10) | (int) m);
    }

    /**
     * An absolute time point for {@code targetMicros} as seen at {@code nowMicros}, with the smallest
     * exponent that represents it: MU's {@code L4_TimePoint2_NP(base, at)} [R: MU include/l4/types.h],
     * which picks {@code e = max(0, log2(at - base) - 9)} and sets {@code m = (at >> e) & 0x3FF},
     * {@code c = (at >> (e + 10)) & 1}. The target is rounded down to a multiple of {@code 2^e}.
     *
     * <p>Differences from MU: [DECIDE] when MU's exponent gives a point that MU's own validity rule
     * rejects ({@code T - now > 0x3FF << e}, which happens only when the distance is just below
     * {@code 2^(e+10)}), the next exponent is used, so the result is always valid at {@code nowMicros};
     * and {@code targetMicros == nowMicros} is allowed (MU asserts {@code base < at}); it decodes to a
     * deadline of now, i.e. Zero. Like MU, a target more than {@link #MAX_POINT_MICROS} away gives
     * {@link #NEVER}.
     *
     * @throws IllegalArgumentException if {@code nowMicros < 0} or {@code targetMicros < nowMicros}
     */
    public static Timeout point(long targetMicros, long nowMicros) {
        checkNow(nowMicros);
        if (targetMicros < nowMicros) {
            throw new IllegalArgumentException("time point " + targetMicros + " us is before now (" + nowMicros + " us)");
        }
        if (targetMicros - nowMicros > MAX_POINT_MICROS) {
            return NEVER;
        }
        for (int e = 0; e <= MAX_POINT_EXPONENT; e++) {
            Timeout t = encodePoint(targetMicros, e);
            if (t.namesAt(targetMicros, nowMicros)) {
                return t;
            }
        }
        throw new AssertionError("unreachable: every target within MAX_POINT_MICROS has a valid exponent");
    }

    /**
     * An absolute time point for {@code targetMicros} with a given exponent {@code e} (0..15):
     * {@code m = (target >> e) & 0x3FF}, {@code c = (target >> (e + 10)) & 1} [R: MU
     * {@code L4_TimePoint2_NP}]. The point means {@code target} rounded down to a multiple of
     * {@code 2^e}.
     *
     * @throws IllegalArgumentException if {@code e} is not 0..15, {@code nowMicros < 0}, or the point
     *                                  would not decode at {@code nowMicros} to exactly that rounded target
     *                                  within {@code 0x3FF << e} µs (MU's validity rule), i.e. the target
     *                                  is in the past or too far away for this exponent
     */
    public static Timeout point(long targetMicros, long nowMicros, int e) {
        checkNow(nowMicros);
        if (e < 0 || e > MAX_POINT_EXPONENT) {
            throw new IllegalArgumentException("an absolute point's exponent has 4 bits (0..15): " + e);
        }
        if (targetMicros < nowMicros) {
            throw new IllegalArgumentException("time point " + targetMicros + " us is before now (" + nowMicros + " us)");
        }
        Timeout t = encodePoint(targetMicros, e);
        if (!t.namesAt(targetMicros, nowMicros)) {
            throw new IllegalArgumentException("time point " + targetMicros + " us cannot be expressed at now = " + nowMicros
                    + " us with exponent " + e + " (at most " + (0x3FFL << e) + " us ahead)");
        }
        return t;
    }

    /** Whether this point, read at {@code now}, is valid and names {@code target} rounded down to {@code 2^e}. */
    private boolean namesAt(long target, long now) {
        return isValidPointAt(now) && pointMicros(now) == (target & -(1L << exponent()));
    }

    private static Timeout encodePoint(long target, int e) {
        int m = (int) ((target >>> e) & 0x3FF);
        int c = (int) ((target >>> (e + 10)) & 1);
        return new Timeout(0x8000 | (e << 11) | (c << 10) | m);
    }

    // --- queries -------------------------------------------------------------------------------------

    public boolean isNever() {
        return raw == 0;
    }

    public boolean isAbsolute() {
        return (raw & 0x8000) != 0;
    }

    /** Zero: fail at once if the partner is not ready. */
    public boolean isZero() {
        return raw != 0 && !isAbsolute() && (raw & 0x3FF) == 0;
    }

    /** Microseconds of a relative period. */
    public long micros() {
        if (isNever() || isAbsolute()) {
            throw new IllegalStateException("not a finite relative period: " + Integer.toHexString(raw));
        }
        int e = (raw >>> 10) & 0x1F;
        long m = raw & 0x3FF;
        return m << e;
    }

    /** The mantissa m (bits 9..0), for a period or a point. */
    public int mantissa() {
        return raw & 0x3FF;
    }

    /** The exponent e: bits 14..10 of a relative period, bits 14..11 of an absolute point. */
    public int exponent() {
        return isAbsolute() ? (raw >>> 11) & 0xF : (raw >>> 10) & 0x1F;
    }

    /**
     * The absolute deadline, in µs of simulated time, that this timeout means when the kernel interprets
     * it at {@code nowMicros} (for a receive phase, "now" is when the receive phase starts, i.e. after
     * the send phase completed; semantics.md §8 vector 6):
     *
     * <ul>
     *   <li>Never: {@link Long#MAX_VALUE} [R: P {@code is_never}].
     *   <li>Zero (including every relative {@code m == 0} period, [DECIDE]): {@code nowMicros}.
     *   <li>relative period: {@code nowMicros + (m << e)} [R: P types.h; MU {@code wakeup_at}],
     *       saturating at {@code Long.MAX_VALUE}.
     *   <li>absolute point [R: MU {@code L4_PointClock_NP}, {@code pt_is_valid}, {@code wakeup_at}]:
     *       {@code clk = now >> (e+10); clk += (clk & 1) ^ c; T = (clk << (e+10)) | (m << e)}. If
     *       {@code 0 <= T - now <= 0x3FF << e} the deadline is T; otherwise the point has already passed
     *       and it counts as Zero: {@code nowMicros}. (MU computes {@code T - now} in unsigned 32 bits,
     *       so a T before now fails the check.)
     * </ul>
     *
     * <p>Invariant: the result is {@code >= nowMicros}, and it equals {@code nowMicros} exactly when the
     * timeout behaves as Zero (fails at once if the partner is not ready) — for relative periods that is
     * {@link #isZero()}; an absolute point may also decode to exactly now.
     *
     * @throws IllegalArgumentException if {@code nowMicros < 0} (simulated time starts at 0)
     */
    public long deadlineMicros(long nowMicros) {
        checkNow(nowMicros);
        if (isNever()) {
            return Long.MAX_VALUE;
        }
        if (isAbsolute()) {
            return isValidPointAt(nowMicros) ? pointMicros(nowMicros) : nowMicros;
        }
        if (isZero()) {
            return nowMicros;
        }
        long sum = nowMicros + micros();
        return sum < nowMicros ? Long.MAX_VALUE : sum;
    }

    /** MU's {@code L4_PointClock_NP(now, t)}: the clock value T an absolute point names near now. */
    private long pointMicros(long now) {
        int e = exponent();
        int c = (raw >>> 10) & 1;
        long clk = now >>> (e + 10);
        clk += (clk & 1) ^ c;
        return (clk << (e + 10)) | ((long) mantissa() << e);
    }

    /** MU's {@code pt_is_valid}: {@code (uint32) (T - now) <= 0x3FF << e}. */
    private boolean isValidPointAt(long now) {
        long d = pointMicros(now) - now;
        return d >= 0 && d <= (0x3FFL << exponent());
    }

    private static void checkNow(long nowMicros) {
        if (nowMicros < 0) {
            throw new IllegalArgumentException("simulated time is not negative: now = " + nowMicros + " us");
        }
    }

    /** For messages: {@code never}, {@code zero}, {@code period 1000us (0x03e8)}, {@code point e=2 ... (0x937e)}. */
    public String describe() {
        String hex = String.format("0x%04x", raw);
        if (isNever()) {
            return "never (" + hex + ")";
        }
        if (isAbsolute()) {
            return "point e=" + exponent() + " c=" + ((raw >>> 10) & 1) + " m=" + mantissa() + " (" + hex + ")";
        }
        if (isZero()) {
            return "zero (" + hex + ")";
        }
        return "period " + micros() + "us (" + hex + ")";
    }
}
