package org.stacklab.kernel.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The V2 / X.0 32-bit timeout word, as specified by semantics.md §4.2. */
class V2TimeoutTest {
    static final long INF = V2Timeout.INFINITE;

    /** semantics.md §4.2 table: e, m → µs, checked in both the send and the receive field. */
    @ParameterizedTest(name = "e={0} m={1} -> {2} us")
    @CsvSource(delimiter = '|', value = {
        "15 | 1   | 1",
        "15 | 255 | 255",
        "14 | 1   | 4",
        "10 | 1   | 1024",
        "10 | 250 | 256000",
        "8  | 1   | 16384",
        "5  | 1   | 1048576",
        "1  | 255 | 68451041280",
        "0  | 0   | inf",
        "0  | 1   | inf",
        "0  | 255 | inf",
        "3  | 0   | 0",
    })
    void sendAndReceiveValues(int e, int m, String micros) {
        long expected = micros.equals("inf") ? INF : Long.parseLong(micros);
        assertThat(V2Timeout.micros(e, m)).isEqualTo(expected);
        assertThat(V2Timeout.of(m, e, 0, 0, 0, 0).sendMicros()).isEqualTo(expected);
        assertThat(V2Timeout.of(0, 0, m, e, 0, 0).receiveMicros()).isEqualTo(expected);
    }

    /** {@code m = 0, e != 0} is zero (immediate) for every e [R: H]. */
    @Test
    void mantissaZeroIsImmediateForEveryNonZeroExponent() {
        for (int e = 1; e <= 15; e++) {
            assertThat(V2Timeout.micros(e, 0)).as("e=%d", e).isZero();
        }
    }

    @ParameterizedTest(name = "p={0} -> {1} us")
    @CsvSource(delimiter = '|', value = {
        "0  | inf",
        "1  | 268435456",
        "8  | 16384",
        "14 | 4",
        "15 | 1",   // unverified boundary (semantics.md §9): H's TIMEOUT(15, 1)
    })
    void pageFaultTimeoutIsTimeoutOfPAndOne(int p, String micros) {
        long expected = micros.equals("inf") ? INF : Long.parseLong(micros);
        assertThat(V2Timeout.pageFaultMicros(p)).isEqualTo(expected);
        assertThat(V2Timeout.of(0, 0, 0, 0, p, 0).sendPageFaultMicros()).isEqualTo(expected);
        assertThat(V2Timeout.of(0, 0, 0, 0, 0, p).receivePageFaultMicros()).isEqualTo(expected);
    }

    @Test
    void ipcNeverIsRawZeroAndEverythingInfinite() {
        V2Timeout t = V2Timeout.NEVER;
        assertThat(t.raw()).isZero();
        assertThat(t.sendMicros()).isEqualTo(INF);
        assertThat(t.receiveMicros()).isEqualTo(INF);
        assertThat(t.sendPageFaultMicros()).isEqualTo(INF);
        assertThat(t.receivePageFaultMicros()).isEqualTo(INF);
    }

    @Test
    void timeoutNullIsAll15sWithZeroMantissas() {
        assertThat(V2Timeout.TIMEOUT_NULL.raw()).isEqualTo(0x0000_FFFFL);
        assertThat(V2Timeout.of(0, 15, 0, 15, 15, 15)).isEqualTo(V2Timeout.TIMEOUT_NULL);
        assertThat(V2Timeout.TIMEOUT_NULL.sendMicros()).isZero();
        assertThat(V2Timeout.TIMEOUT_NULL.receiveMicros()).isZero();
        assertThat(V2Timeout.TIMEOUT_NULL.sendPageFaultMicros()).isEqualTo(1); // p = 15: unverified
    }

    @Test
    void fieldsSitWhereTheTableSays() {
        // L4_IPC_TIMEOUT(snd_man, snd_exp, rcv_man, rcv_exp, snd_pflt, rcv_pflt)
        V2Timeout t = V2Timeout.of(0x12, 3, 0x34, 5, 7, 9);
        assertThat(t.raw()).isEqualTo(0x3412_7935L);
        assertThat(t.rcvExp()).isEqualTo(5);
        assertThat(t.sndExp()).isEqualTo(3);
        assertThat(t.rcvPfault()).isEqualTo(9);
        assertThat(t.sndPfault()).isEqualTo(7);
        assertThat(t.sndMan()).isEqualTo(0x12);
        assertThat(t.rcvMan()).isEqualTo(0x34);
        // L4_IPC_RECV_TIMEOUT_0 = L4_IPC_TIMEOUT(0,0,0,1,0,0): receive zero, send infinite
        V2Timeout recv0 = V2Timeout.of(0, 0, 0, 1, 0, 0);
        assertThat(recv0.raw()).isEqualTo(1);
        assertThat(recv0.receiveMicros()).isZero();
        assertThat(recv0.sendMicros()).isEqualTo(INF);
    }

    @Test
    void badFieldsAreRejected() {
        assertThatThrownBy(() -> V2Timeout.of(256, 1, 0, 0, 0, 0)).hasMessageContaining("snd_man");
        assertThatThrownBy(() -> V2Timeout.of(0, 16, 0, 0, 0, 0)).hasMessageContaining("snd_exp");
        assertThatThrownBy(() -> V2Timeout.of(0, 0, 0, 0, 0, -1)).hasMessageContaining("rcv_pfault");
        assertThatThrownBy(() -> new V2Timeout(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> V2Timeout.Period.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} us -> e={1} m={2}")
    @CsvSource(delimiter = '|', value = {
        "0            | 15 | 0",
        "1            | 15 | 1",
        "255          | 15 | 255",
        "256          | 14 | 64",
        "1000         | 14 | 250",
        "256000       | 10 | 250",
        "1048576      | 8  | 64",
        "68451041280  | 1  | 255",
        "68719476735  | 1  | 255",
        "68719476736  | 0  | 0",
    })
    void periodEncoder(long micros, int e, int m) {
        assertThat(V2Timeout.Period.of(micros)).isEqualTo(new V2Timeout.Period(e, m));
    }

    @Test
    void ofMicrosLeavesPageFaultTimeoutsInfinite() {
        V2Timeout t = V2Timeout.ofMicros(1000, INF);
        assertThat(t.sendMicros()).isEqualTo(1000);
        assertThat(t.receiveMicros()).isEqualTo(INF);
        assertThat(t.sendPageFaultMicros()).isEqualTo(INF);
        assertThat(t.describe()).isEqualTo("0x00fa00e0 {snd 1000us, rcv inf, snd_pf inf, rcv_pf inf}");
    }

    @Property
    void periodRoundsDownWithinOneUnit(@ForAll @LongRange(min = 0, max = V2Timeout.MAX_FINITE_MICROS) long us) {
        V2Timeout.Period p = V2Timeout.Period.of(us);
        long d = p.micros();
        assertThat(p.exponent()).isPositive();
        assertThat(d).isLessThanOrEqualTo(us);
        assertThat(us - d).isLessThan(1L << (2 * (15 - p.exponent())));
        assertThat(d == 0).isEqualTo(us == 0);
    }

    @Property
    void fieldsRoundTrip(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long raw) {
        V2Timeout t = new V2Timeout(raw);
        assertThat(V2Timeout.of(t.sndMan(), t.sndExp(), t.rcvMan(), t.rcvExp(), t.sndPfault(), t.rcvPfault())).isEqualTo(t);
    }
}
