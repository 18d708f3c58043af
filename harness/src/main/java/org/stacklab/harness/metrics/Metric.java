package org.stacklab.harness.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The columns of a result row, as data: name, unit, definition and how the value is printed. Every
 * reporter (CSV, JSON, the side-by-side table, charts) walks this list, so a new metric is one
 * constant here plus the line in {@link org.stacklab.harness.run.Runner} that measures it.
 *
 * <p>Invariant: the declaration order is the column order of every result file; the first twenty
 * columns are the documented core set (README "CSV columns"), extras follow. Every value comes from
 * the simulation (DESIGN.md rule 1): counters, the stack meter, kernel memory, caches and the clock.
 */
public enum Metric {
    MODEL("model", Kind.TEXT, "", "kernel-stack model: perthread, continuation or stateless"),
    WORKLOAD("workload", Kind.TEXT, "", "workload name"),
    MACHINE("machine", Kind.TEXT, "", "machine profile name"),
    OPS("ops", Kind.COUNT, "syscalls", "system calls completed and returned to user during the run (KernelCounters.ops)"),
    CYCLES_PER_OP("cycles_per_op", Kind.DECIMAL2, "cycles/op", "cycles / ops"),
    US_PER_OP("us_per_op", Kind.DECIMAL4, "us/op", "cycles_per_op converted to microseconds at the profile's clockMhz"),
    STACK_BYTES_RESERVED("stack_bytes_reserved", Kind.COUNT, "bytes",
            "peak bytes of kernel stack reserved at once, every live stack's full size, wherever it lives (StackMeter.reservedBytesPeak)"),
    STACK_BYTES_PEAK("stack_bytes_peak", Kind.COUNT, "bytes",
            "peak bytes of stack frames actually pushed, summed over all stacks (StackMeter.bytesInUsePeak)"),
    STACKS_IN_USE_MAX("stacks_in_use_max", Kind.COUNT, "stacks", "peak number of kernel stacks holding frames at once (StackMeter.inUseMax)"),
    STACKS_IN_USE_AVG("stacks_in_use_avg", Kind.DECIMAL3, "stacks",
            "number of kernel stacks holding frames, averaged over simulated cycles from boot to the end of the run (StackMeter.inUseAverage)"),
    KERNEL_BYTES_PER_THREAD("kernel_bytes_per_thread", Kind.DECIMAL2, "bytes/thread",
            "(kernel memory reserved for TCB blocks + for stacks outside TCBs, at the end of the run) / threads"),
    KERNEL_L1D_LINES_PER_OP("kernel_l1d_lines_per_op", Kind.DECIMAL2, "lines/op",
            "distinct L1D lines the kernel touched per operation, summed over the run's operations, / ops"),
    KERNEL_L1I_LINES_PER_OP("kernel_l1i_lines_per_op", Kind.DECIMAL2, "lines/op",
            "distinct L1I lines of kernel code executed per operation, summed over the run's operations, / ops"),
    L1D_MISSES_KERNEL("l1d_misses_kernel", Kind.COUNT, "misses", "L1D misses of kernel accesses during the run"),
    L1D_MISSES_USER("l1d_misses_user", Kind.COUNT, "misses", "L1D misses of user accesses during the run"),
    L2_MISSES("l2_misses", Kind.COUNT, "misses", "L2 misses, kernel and user, during the run (0 on a machine without L2)"),
    RESTARTS("restarts", Kind.COUNT, "events", "system calls rolled back to a restart point (stateless model)"),
    STACK_DISCARDS("stack_discards", Kind.COUNT, "events", "blocks that discarded the kernel stack (continuation model)"),
    HANDOFFS("handoffs", Kind.COUNT, "events", "kernel stack handoffs (continuation model)"),
    RECOGNITIONS("recognitions", Kind.COUNT, "events", "continuation recognitions (continuation model)"),
    THREADS("threads", Kind.COUNT, "threads", "threads the workload created"),
    MESSAGES("messages", Kind.COUNT, "messages", "messages transferred (one-way IPCs) during the run"),
    BLOCKS("blocks", Kind.COUNT, "events", "times a thread blocked inside the kernel during the run"),
    CONTEXT_SWITCHES("context_switches", Kind.COUNT, "events", "kernel-stack context switches (process-model switches)"),
    DISPATCHES("dispatches", Kind.COUNT, "events", "times a thread was dispatched onto the CPU"),
    KERNEL_ENTRIES("kernel_entries", Kind.COUNT, "events", "kernel entries during the run"),
    CYCLES("cycles", Kind.COUNT, "cycles", "simulated cycles of the run (clock after kernel.run() minus clock before)"),
    USER_LINES_EVICTED_BY_KERNEL("user_lines_evicted_by_kernel", Kind.COUNT, "lines",
            "user-owned L1D lines evicted by kernel misses during the run"),
    IRQ_LATENCY_AVG_US("irq_latency_avg_us", Kind.DECIMAL3, "us",
            "device interrupt latency, averaged over the interrupts whose handler returned to user mode with them: from the "
                    + "interrupt's event time to its handler running in user mode after receiving it (Interrupts); empty without interrupts"),
    IRQ_LATENCY_MAX_US("irq_latency_max_us", Kind.DECIMAL3, "us", "the largest of those latencies; empty without interrupts"),
    IRQ_MISSED("irq_missed", Kind.COUNT, "interrupts", "device interrupt firings that found their irq still pending (Interrupts.missed)"),
    FPU_TRAPS("fpu_traps", Kind.COUNT, "events", "device-not-available traps (#NM) taken by FPU instructions after a thread switch (lazy FPU)"),
    FPU_SAVES("fpu_saves", Kind.COUNT, "events", "FPU states stored into the previous owner's save area (fpuStateBytes of kernel stores each)"),
    FPU_RESTORES("fpu_restores", Kind.COUNT, "events", "FPU states loaded from a thread's save area (a first use allocates instead)"),
    EXCEPTIONS("exceptions", Kind.COUNT, "events", "user traps and illegal instructions (#UD) delivered as IPC to the thread's exception handler (KernelCounters.exceptions)"),
    BLOCKS_IPC_SEND("blocks_ipc_send", Kind.COUNT, "events",
            "blocks in the send phase of an IPC (partner not ready to receive), outside an exception Call (KernelCounters.blocksIpcSend)"),
    BLOCKS_IPC_RECEIVE("blocks_ipc_receive", Kind.COUNT, "events",
            "blocks in the receive phase of an IPC (no message yet), outside an exception Call (KernelCounters.blocksIpcReceive)"),
    BLOCKS_EXCEPTION("blocks_exception", Kind.COUNT, "events",
            "blocks of a thread in an exception Call, either phase (KernelCounters.blocksException)"),
    BLOCKS_PAGE_FAULT("blocks_page_fault", Kind.COUNT, "events",
            "blocks of a thread waiting for its pager to resolve a page fault (KernelCounters.blocksPageFault)"),
    BLOCKS_PREEMPTION("blocks_preemption", Kind.COUNT, "events",
            "times the running thread was made READY and left the CPU: by the return-to-user preemption check or a ThreadSwitch "
                    + "(KernelCounters.blocksPreemption; not counted in blocks)"),
    STACK_KEEPS("stack_keeps", Kind.COUNT, "events",
            "blocks that kept their kernel stack: every block in perthread, the process-model fallback in continuation (KernelCounters.stackKeeps)"),
    STACK_DISCARD_SHARE("stack_discard_share", Kind.DECIMAL3, "fraction",
            "stack_discards / blocks: the fraction of blocks that saved a continuation and gave up the stack (0 outside continuation); "
                    + "empty without blocks"),
    HANDOFF_SHARE("handoff_share", Kind.DECIMAL3, "fraction",
            "handoffs / blocks: the fraction of blocks after which the running stack was handed straight to the woken partner "
                    + "(0 outside continuation); empty without blocks"),
    ROLLBACK_CYCLES("rollback_cycles", Kind.COUNT, "cycles",
            "cycles of kernel work redone because a system call was rolled back to a restart point (stateless; KernelCounters.rollbackCycles)"),
    PAGE_FAULTS("page_faults", Kind.COUNT, "faults",
            "page faults in user code delivered as a Call to the faulting thread's pager (KernelCounters.pageFaults); a fault with no pager "
                    + "halts the thread and is not counted"),
    XFER_FAULTS("xfer_faults", Kind.COUNT, "faults",
            "page faults the kernel took during string copies, in the sender's or the receiver's space, each stopping the copy and "
                    + "delivered as a Call to that thread's pager (KernelCounters.xferFaults)"),
    BYTES_COPIED("bytes_copied", Kind.COUNT, "bytes", "string-item bytes the kernel copied between address spaces (KernelCounters.bytesCopied)"),
    PAGES_MAPPED("pages_mapped", Kind.COUNT, "pages", "pages mapped or granted by map and grant items (KernelCounters.pagesMapped)"),
    PROPAGATIONS("propagations", Kind.COUNT, "messages",
            "messages delivered as propagated IPC: tag p kept, from = the virtual sender (semantics.md §2.8; KernelCounters.propagations)"),
    IRQ_LATENCY_P50_US("irq_latency_p50_us", Kind.DECIMAL3, "us",
            "median device interrupt latency: the 50th percentile of the samples of irq_latency_avg_us, kept in an HdrHistogram "
                    + "(cycles, 5 significant digits: exact below 262,144 cycles); empty without interrupts"),
    IRQ_LATENCY_P90_US("irq_latency_p90_us", Kind.DECIMAL3, "us", "the 90th percentile of those latencies; empty without interrupts"),
    IRQ_LATENCY_P99_US("irq_latency_p99_us", Kind.DECIMAL3, "us", "the 99th percentile of those latencies; empty without interrupts"),
    CALL_LATENCY_P50_CYCLES("call_latency_p50_cycles", Kind.COUNT, "cycles",
            "median latency of a user IPC Call (send and closed receive from the same thread, ipc.call) that got its reply: from the "
                    + "caller's kernel entry to its return to user mode with the reply, the first entry counting across a restart "
                    + "(CallLatency; HdrHistogram, 5 significant digits); empty without Calls"),
    CALL_LATENCY_P90_CYCLES("call_latency_p90_cycles", Kind.COUNT, "cycles", "the 90th percentile of those Call latencies; empty without Calls"),
    CALL_LATENCY_P99_CYCLES("call_latency_p99_cycles", Kind.COUNT, "cycles", "the 99th percentile of those Call latencies; empty without Calls"),
    CALL_LATENCY_MAX_CYCLES("call_latency_max_cycles", Kind.COUNT, "cycles", "the largest of those Call latencies; empty without Calls"),
    OUTCOME("outcome", Kind.TEXT, "", "QUIESCENT (no thread can run) or CYCLE_LIMIT (stopped at the cycle limit)"),
    PREEMPT("preempt", Kind.TEXT, "", "preemptibility of the kernel (--preempt): np, pp or fp"),
    SEED("seed", Kind.COUNT, "", "the run's seed"),
    PARAMS("params", Kind.TEXT, "", "the workload's resolved parameters, key=value separated by ';', keys sorted");

    /** How a value is stored and printed. */
    public enum Kind {
        /** Printed as is. */
        TEXT,
        /** A whole number ({@code long}). */
        COUNT,
        /** A ratio printed with 2, 3 or 4 decimals, rounded half-up; empty when undefined (e.g. per op with no ops). */
        DECIMAL2, DECIMAL3, DECIMAL4;

        int decimals() {
            return switch (this) {
                case DECIMAL2 -> 2;
                case DECIMAL3 -> 3;
                case DECIMAL4 -> 4;
                default -> 0;
            };
        }
    }

    private final String column;
    private final Kind kind;
    private final String unit;
    private final String description;

    Metric(String column, Kind kind, String unit, String description) {
        this.column = column;
        this.kind = kind;
        this.unit = unit;
        this.description = description;
    }

    /** The CSV column name. */
    public String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    /** The unit ({@code ""} for names and other text). */
    public String unit() {
        return unit;
    }

    /** The definition, as documented in the README. */
    public String description() {
        return description;
    }

    /** Whether the column identifies a run rather than measuring it. */
    public boolean isKey() {
        return this == MODEL || this == WORKLOAD || this == MACHINE;
    }

    /** Column names in order. */
    public static List<String> header() {
        return Arrays.stream(values()).map(Metric::column).toList();
    }

    /** Unit of every column, by column name. */
    public static Map<String, String> units() {
        return Arrays.stream(values()).collect(Collectors.toMap(Metric::column, Metric::unit, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** The metric whose column is {@code column}, or {@code null}. */
    public static Metric byColumn(String column) {
        for (Metric m : values()) {
            if (m.column.equals(column)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Prints {@code value} for this column: text as is, counts as integers, decimals with fixed digits
     * ({@link Locale#ROOT}, half-up); {@code null} or a non-finite ratio prints as the empty string.
     *
     * @throws IllegalArgumentException if the value's type does not fit the kind
     */
    public String format(Object value) {
        if (value == null) {
            return "";
        }
        return switch (kind) {
            case TEXT -> value.toString();
            case COUNT -> {
                if (!(value instanceof Long || value instanceof Integer)) {
                    throw new IllegalArgumentException(column + " takes a whole number, got " + value.getClass().getSimpleName());
                }
                yield Long.toString(((Number) value).longValue());
            }
            case DECIMAL2, DECIMAL3, DECIMAL4 -> {
                if (!(value instanceof Number n)) {
                    throw new IllegalArgumentException(column + " takes a number, got " + value.getClass().getSimpleName());
                }
                double d = n.doubleValue();
                yield Double.isFinite(d) ? new BigDecimal(Double.toString(d)).setScale(kind.decimals(), RoundingMode.HALF_UP).toPlainString() : "";
            }
        };
    }
}
