package org.stacklab.workloads;

/**
 * A device interrupt source of a workload: interrupt {@code irq} (thread id {@code GlobalId(irq, 1)})
 * raised at {@code firstMicros} of simulated time, then every {@code periodMicros}, {@code count} times
 * (0: until the run ends), delivered as IPC to the thread {@code handler}.
 *
 * @param irq          1..63 (the system range below the first user thread number)
 * @param handler      the name of the handling thread ({@code client3} for a replica)
 * @param periodMicros the period, µs, at least 1
 * @param firstMicros  the first firing, µs, at least 0
 * @param count        firings in all; 0 means without end
 */
public record InterruptSpec(int irq, String handler, long periodMicros, long firstMicros, long count) {
    public InterruptSpec {
        if (irq < 1 || irq >= org.stacklab.kernel.tcb.TcbTable.FIRST_USER_NUMBER) {
            throw new IllegalArgumentException("irq must be 1.." + (org.stacklab.kernel.tcb.TcbTable.FIRST_USER_NUMBER - 1) + ", got " + irq);
        }
        if (handler == null || handler.isBlank()) {
            throw new IllegalArgumentException("irq " + irq + " needs a handler thread");
        }
        if (periodMicros < 1 || firstMicros < 0 || count < 0) {
            throw new IllegalArgumentException("irq " + irq + ": period_us must be >= 1, first_us >= 0, count >= 0");
        }
    }
}
