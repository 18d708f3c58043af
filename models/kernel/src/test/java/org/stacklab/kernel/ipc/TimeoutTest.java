package org.stacklab.kernel.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The X.2 16-bit timeout, as specified by semantics.md §4.1 (tables) and §8 vector 14. */
class TimeoutTest {
    static final long NOW = 1_000_000;

    @Nested
    class LibraryEncoder {
        /** semantics.md §4.1, first computed table: µs requested → L4_TimePeriod raw → decoded µs. */
        @ParameterizedTest(name = "L4_TimePeriod({0}) = {1} = {2} us")
        @CsvSource(delimiter = '|', value = {
            "0              | 0x0000 | never",
            "1              | 0x0001 | 1",
            "1000           | 0x03E8 | 1000",
            "1023           | 0x03FF | 1023",
            "1024           | 0x0600 | 1024",
            "1025           | 0x0600 | 1024",
            "2051           | 0x0A00 | 2048",
            "10000          | 0x1271 | 10000",
            "1000000        | 0x2BD0 | 999424",
            "60000000       | 0x4393 | 59965440",
            "2196875771904  | 0x7FFF | 2196875771904",
            "2199023255551  | 0x7FFF | 2196875771904",
            "2199023255552  | 0x0000 | never",
            "9223372036854775807 | 0x0000 | never",
        })
        void computedVectors(long micros, String raw, String decoded) {
            Timeout t = Timeout.period(micros);
            assertThat(t.raw()).isEqualTo(Integer.decode(raw));
            if (decoded.equals("never")) {
                assertThat(t).isEqualTo(Timeout.NEVER);
                assertThat(t.deadlineMicros(NOW)).isEqualTo(Long.MAX_VALUE);
            } else {
                assertThat(t.micros()).isEqualTo(Long.parseLong(decoded));
                assertThat(t.deadlineMicros(NOW)).isEqualTo(NOW + Long.parseLong(decoded));
            }
        }

        /** §8 vector 14 and the §0 correction: a "0 µs" library period is infinite, not Zero. */
        @Test
        void vector14_timePeriodOfZeroIsNever() {
            assertThat(Timeout.period(0)).isEqualTo(Timeout.NEVER);
            assertThat(Timeout.period(0).raw()).isZero();
            assertThat(Timeout.period(0).isNever()).isTrue();
            assertThat(Timeout.period(0).isZero()).isFalse();
            assertThat(Timeout.period(0)).isNotEqualTo(Timeout.ZERO);
        }

        @Test
        void theLargestRawPeriodIsAbout25Days() {
            assertThat(new Timeout(0x7FFF).micros()).isEqualTo(2_196_875_771_904L).isEqualTo(Timeout.MAX_PERIOD_MICROS);
        }

        @Test
        void aNegativePeriodIsRejected() {
            assertThatThrownBy(() -> Timeout.period(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        }
    }

    @Nested
    class SpecialValues {
        @Test
        void neverIsRawZeroAndZeroIsE1M0() {
            assertThat(Timeout.NEVER.raw()).isZero();
            assertThat(Timeout.ZERO.raw()).isEqualTo(0x0400);
            assertThat(Timeout.NEVER.isNever()).isTrue();
            assertThat(Timeout.ZERO.isZero()).isTrue();
            assertThat(Timeout.ZERO.micros()).isZero();
        }

        @Test
        void neverHasNoDeadlineAndZeroExpiresNow() {
            assertThat(Timeout.NEVER.deadlineMicros(NOW)).isEqualTo(Long.MAX_VALUE);
            assertThat(Timeout.ZERO.deadlineMicros(NOW)).isEqualTo(NOW);
            assertThat(Timeout.ZERO.deadlineMicros(0)).isZero();
        }

        /** [DECIDE] in §4.1: every relative period with m == 0 and raw != 0 is Zero (P would arm a 0 µs timer). */
        @ParameterizedTest(name = "raw {0}")
        @ValueSource(ints = {0x0400, 0x0800, 0x0C00, 0x7C00})
        void everyRelativePeriodWithMantissaZeroIsZero(int raw) {
            Timeout t = new Timeout(raw);
            assertThat(t.isZero()).isTrue();
            assertThat(t.isNever()).isFalse();
            assertThat(t.deadlineMicros(NOW)).isEqualTo(NOW);
        }

        @Test
        void aRelativePeriodExpiresMTimes2ToTheEAfterNow() {
            Timeout t = new Timeout((5 << 10) | 3); // e = 5, m = 3
            assertThat(t.exponent()).isEqualTo(5);
            assertThat(t.mantissa()).isEqualTo(3);
            assertThat(t.deadlineMicros(NOW)).isEqualTo(NOW + 96);
        }

        @Test
        void timeoutsWordIsSendHighReceiveLow() {
            assertThat(Timeout.word(Timeout.NEVER, Timeout.NEVER)).isZero(); // Call
            assertThat(Timeout.word(Timeout.ZERO, Timeout.NEVER)).isEqualTo(0x0400_0000L); // ReplyWait(Never)
            long w = Timeout.word(Timeout.period(10_000), Timeout.period(1000));
            assertThat(w).isEqualTo(0x1271_03E8L);
            assertThat(Timeout.send(w)).isEqualTo(Timeout.period(10_000));
            assertThat(Timeout.receive(w)).isEqualTo(Timeout.period(1000));
        }

        @Test
        void describeNamesTheForm() {
            assertThat(Timeout.NEVER.describe()).isEqualTo("never (0x0000)");
            assertThat(Timeout.ZERO.describe()).isEqualTo("zero (0x0400)");
            assertThat(Timeout.period(10_000).describe()).isEqualTo("period 10000us (0x1271)");
            assertThat(new Timeout(0x937E).describe()).isEqualTo("point e=2 c=0 m=894 (0x937e)");
        }

        @Test
        void negativeNowIsRejected() {
            assertThatThrownBy(() -> Timeout.ZERO.deadlineMicros(-1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aDeadlineBeyondLongRangeSaturates() {
            assertThat(new Timeout(0x7FFF).deadlineMicros(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Nested
    class AbsolutePoints {
        /** semantics.md §4.1, second computed table: now = 1 000 000 µs. */
        @ParameterizedTest(name = "target {0}, e={1} -> {2} -> {3}")
        @CsvSource(delimiter = '|', value = {
            "1000500 | 0 | 0x8434 | 1000500 | 500",
            "1003000 | 2 | 0x937E | 1003000 | 3000",
            "1200000 | 8 | 0xC24F | 1199872 | 199872",
        })
        void computedVectors(long target, int e, String raw, long decoded, long ahead) {
            Timeout t = new Timeout(Integer.decode(raw));
            assertThat(t.isAbsolute()).isTrue();
            assertThat(t.isZero()).isFalse();
            assertThat(t.isNever()).isFalse();
            assertThat(t.exponent()).isEqualTo(e);
            assertThat(t.deadlineMicros(NOW)).isEqualTo(decoded);
            assertThat(t.deadlineMicros(NOW) - NOW).isEqualTo(ahead);
            // the encoders produce the same words: the explicit exponent, and MU's choice of exponent
            assertThat(Timeout.point(target, NOW, e)).isEqualTo(t);
            assertThat(Timeout.point(target, NOW)).isEqualTo(t);
        }

        @Test
        void aPointNamesTheSameInstantAsTimeGoesOn() {
            Timeout t = new Timeout(0x8434);
            for (long now = NOW; now <= 1_000_500; now += 50) {
                assertThat(t.deadlineMicros(now)).as("now = %d", now).isEqualTo(1_000_500);
            }
        }

        @Test
        void aPointThatHasPassedCountsAsZero() {
            Timeout t = new Timeout(0x8434); // 1 000 500 seen from 1 000 000
            assertThat(t.deadlineMicros(1_000_501)).isEqualTo(1_000_501);
            assertThat(t.deadlineMicros(1_000_600)).isEqualTo(1_000_600);
        }

        @Test
        void aPointTooFarAheadOfItsExponentIsRejectedByTheExplicitEncoder() {
            assertThatThrownBy(() -> Timeout.point(NOW + 3000, NOW, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 1023 us ahead");
            assertThatThrownBy(() -> Timeout.point(NOW + 3000, NOW, 16)).hasMessageContaining("0..15");
            assertThatThrownBy(() -> Timeout.point(NOW - 1, NOW)).hasMessageContaining("before now");
        }

        @Test
        void aPointMoreThanAbout33SecondsAheadIsNeverAsInMung() {
            assertThat(Timeout.point(NOW + Timeout.MAX_POINT_MICROS, NOW).isAbsolute()).isTrue();
            assertThat(Timeout.point(NOW + Timeout.MAX_POINT_MICROS + 1, NOW)).isEqualTo(Timeout.NEVER);
        }

        @Test
        void aPointAtNowIsAllowedAndExpiresNow() {
            Timeout t = Timeout.point(NOW, NOW);
            assertThat(t.isAbsolute()).isTrue();
            assertThat(t.deadlineMicros(NOW)).isEqualTo(NOW);
        }

        /** MU's exponent gives an invalid point for a distance just below 2^(e+10); the encoder moves to e+1. */
        @Test
        void whereMungsExponentGivesAnInvalidPointTheNextOneIsUsed() {
            long now = 1;
            long target = 2048; // distance 2047: MU picks e = 1, T = 2048, and 2048 - 1 > 0x3FF << 1
            assertThatThrownBy(() -> Timeout.point(target, now, 1)).isInstanceOf(IllegalArgumentException.class);
            Timeout t = Timeout.point(target, now);
            assertThat(t.exponent()).isEqualTo(2);
            assertThat(t.deadlineMicros(now)).isEqualTo(2048);
        }
    }
}
