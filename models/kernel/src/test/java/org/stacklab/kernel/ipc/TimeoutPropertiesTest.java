package org.stacklab.kernel.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the X.2 timeout codec (semantics.md §4.1). */
class TimeoutPropertiesTest {
    /** Every µs the library encoder can represent: 1 .. 2^41 - 1. */
    static final long LIMIT = (1L << 41) - 1;

    /**
     * The encoder rounds down to 10 significant bits: {@code d <= us < d + 2^e}. Since {@code m >= 512}
     * once halving starts, the relative loss is below 2^-9, not 2^-10: {@code period(2051)} is 2048 µs.
     */
    @Property
    void periodRoundsDownByLessThanOneUnitOfItsExponent(@ForAll @LongRange(min = 1, max = LIMIT) long us) {
        Timeout t = Timeout.period(us);
        long d = t.micros();
        assertThat(d).isLessThanOrEqualTo(us);
        assertThat(us - d).isLessThan(1L << t.exponent());
        assertThat((double) d).isGreaterThan(us * (1 - Math.pow(2, -9)));
        if (us < 1024) {
            assertThat(d).isEqualTo(us); // exact below 2^10
        }
    }

    @Property
    void periodOfAPositiveValueIsNeverZeroNeverNeverAndRelative(@ForAll @LongRange(min = 1, max = LIMIT) long us) {
        Timeout t = Timeout.period(us);
        assertThat(t.isZero()).isFalse();
        assertThat(t.isNever()).isFalse();
        assertThat(t.isAbsolute()).isFalse();
        assertThat(t.micros()).isPositive();
    }

    @Property
    void periodIsNeverFrom2To41(@ForAll @LongRange(min = LIMIT + 1, max = Long.MAX_VALUE) long us) {
        assertThat(Timeout.period(us)).isEqualTo(Timeout.NEVER);
    }

    @Property
    void periodIsMonotone(@ForAll @LongRange(min = 1, max = LIMIT) long a, @ForAll @LongRange(min = 1, max = LIMIT) long b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        assertThat(Timeout.period(lo).micros()).isLessThanOrEqualTo(Timeout.period(hi).micros());
    }

    /** Encoding a decoded period gives the same word back (the encoder picks the canonical form). */
    @Property
    void periodOfADecodedPeriodIsThatPeriod(@ForAll @LongRange(min = 1, max = LIMIT) long us) {
        Timeout t = Timeout.period(us);
        assertThat(Timeout.period(t.micros())).isEqualTo(t);
    }

    @Property
    void aRelativeDeadlineIsNowPlusThePeriod(@ForAll @IntRange(min = 0, max = 0x7FFF) int raw,
            @ForAll @LongRange(min = 0, max = 1L << 50) long now) {
        Timeout t = new Timeout(raw);
        long deadline = t.deadlineMicros(now);
        if (t.isNever()) {
            assertThat(deadline).isEqualTo(Long.MAX_VALUE);
        } else {
            assertThat(deadline).isEqualTo(now + t.micros());
            assertThat(deadline == now).isEqualTo(t.isZero());
        }
    }

    @Property
    void everyDeadlineIsNowOrLater(@ForAll @IntRange(min = 0, max = 0xFFFF) int raw, @ForAll @LongRange(min = 0, max = 1L << 50) long now) {
        assertThat(new Timeout(raw).deadlineMicros(now)).isGreaterThanOrEqualTo(now);
    }

    /** An absolute point is valid only within {@code 0x3FF << e} µs after now, else it is Zero. */
    @Property
    void anAbsoluteDeadlineIsWithinItsWindowOrNow(@ForAll @IntRange(min = 0x8000, max = 0xFFFF) int raw,
            @ForAll @LongRange(min = 0, max = 1L << 50) long now) {
        Timeout t = new Timeout(raw);
        long ahead = t.deadlineMicros(now) - now;
        assertThat(ahead).isBetween(0L, 0x3FFL << t.exponent());
        assertThat(t.deadlineMicros(now) & ((1L << t.exponent()) - 1)).as("low e bits").isIn(0L, now & ((1L << t.exponent()) - 1));
    }

    /** The point encoder names the target rounded down to 2^e, at the smallest exponent that can. */
    @Property
    void pointRoundTrips(@ForAll @LongRange(min = 0, max = 1L << 45) long now,
            @ForAll @LongRange(min = 0, max = Timeout.MAX_POINT_MICROS) long ahead) {
        long target = now + ahead;
        Timeout t = Timeout.point(target, now);
        int e = t.exponent();
        assertThat(t.isAbsolute()).isTrue();
        assertThat(t.deadlineMicros(now)).isEqualTo(target & -(1L << e));
        if (e > 0) {
            assertThatThrownBy(() -> Timeout.point(target, now, e - 1)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Timeout.point(target, now, e)).isEqualTo(t);
    }

    /** MU's exponent {@code max(0, log2(d) - 9)} is the one chosen, except where MU's own point would be invalid. */
    @Property
    void pointUsesMungsExponentWheneverThatIsValid(@ForAll @LongRange(min = 0, max = 1L << 45) long now,
            @ForAll @LongRange(min = 1, max = Timeout.MAX_POINT_MICROS) long ahead) {
        int mung = Math.max(0, 63 - Long.numberOfLeadingZeros(ahead) - 9);
        Timeout t = Timeout.point(now + ahead, now);
        try {
            assertThat(Timeout.point(now + ahead, now, mung)).isEqualTo(t);
        } catch (IllegalArgumentException invalidInMung) {
            assertThat(t.exponent()).isEqualTo(mung + 1);
        }
    }

    /** MU's {@code pt_stable}: the instant a point names does not move while it lies ahead. */
    @Property
    void aPointIsStableUntilItsDeadline(@ForAll @LongRange(min = 0, max = 1L << 45) long now,
            @ForAll @LongRange(min = 0, max = Timeout.MAX_POINT_MICROS) long ahead,
            @ForAll @LongRange(min = 0, max = Timeout.MAX_POINT_MICROS) long later) {
        Timeout t = Timeout.point(now + ahead, now);
        long deadline = t.deadlineMicros(now);
        long then = now + Math.min(later, deadline - now);
        assertThat(t.deadlineMicros(then)).isEqualTo(deadline);
        assertThat(t.deadlineMicros(deadline + 1)).as("passed: Zero").isEqualTo(deadline + 1);
    }

    @Property
    void timeoutsWordRoundTrips(@ForAll @IntRange(min = 0, max = 0xFFFF) int snd, @ForAll @IntRange(min = 0, max = 0xFFFF) int rcv) {
        long w = Timeout.word(new Timeout(snd), new Timeout(rcv));
        assertThat(Timeout.send(w).raw()).isEqualTo(snd);
        assertThat(Timeout.receive(w).raw()).isEqualTo(rcv);
    }
}
