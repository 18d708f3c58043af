package org.stacklab.machine.profile;

/**
 * The kernel entry/exit mechanisms a machine has, with their costs, and the one its system calls use.
 *
 * <p>In a profile ({@code cost.entry}):
 * <pre>
 * entry:
 *   mechanism: fast                 # trap | fast: what system calls use
 *   trap:                           # required: every machine can trap
 *     instructions: int/iret
 *     enter: 48
 *     exit: 27
 *   fast:                           # absent or null: the machine has no fast system-call instructions
 *     instructions: syscall/sysret
 *     enter: 30
 *     exit: 25
 * </pre>
 *
 * <p>Invariant: {@link #selected()} is never {@code null}: a machine without fast entry instructions
 * ({@code fast} absent) cannot select {@link EntryMechanism#FAST}. Every model pays the selected pair on
 * every system call (DESIGN.md rule 1).
 *
 * @param mechanism the mechanism system calls use
 * @param trap      cost of the trap path ({@code int}/{@code iret}, exception vector/{@code rfe})
 * @param fast      cost of the fast path ({@code sysenter}/{@code sysexit}, {@code syscall}/{@code sysret}),
 *                  or {@code null} when the machine has none
 */
public record KernelEntry(EntryMechanism mechanism, EntryCost trap, EntryCost fast) {

    public KernelEntry {
        if (mechanism == null) {
            throw new InvalidFieldException("mechanism", "is required (one of: trap, fast)");
        }
        if (trap == null) {
            throw new InvalidFieldException("trap", "is required: every machine enters the kernel by a trap (exceptions, interrupts)");
        }
        if (mechanism == EntryMechanism.FAST && fast == null) {
            throw new InvalidFieldException("mechanism",
                    "'fast' is not available on this machine: it has no fast system-call instructions (no 'fast' costs given); "
                            + "use 'trap', or give fast: {instructions, enter, exit}");
        }
    }

    /** Trap entry only (no fast mechanism), as every profile had before the choice existed. */
    public static KernelEntry trapOnly(int enter, int exit) {
        return new KernelEntry(EntryMechanism.TRAP, new EntryCost(null, enter, exit), null);
    }

    /** The same machine with system calls using {@code m}. */
    public KernelEntry using(EntryMechanism m) {
        return new KernelEntry(m, trap, fast);
    }

    /** The costs of the mechanism in use. */
    public EntryCost selected() {
        return mechanism == EntryMechanism.FAST ? fast : trap;
    }

    /** Whether the machine has a fast mechanism. */
    public boolean hasFast() {
        return fast != null;
    }
}
