package org.stacklab.machine.profile;

/**
 * The hardware cost of one kernel entry mechanism: the instruction that enters supervisor mode and the
 * one that returns to user mode. Software work around them (pushing the trap frame, the kernel's own
 * instructions and memory accesses) is charged separately through the memory system.
 *
 * @param instructions which instruction pair these are, for people and {@code config.json}
 *                     ({@code "int/iret"}, {@code "syscall/sysret"}); may be {@code null}
 * @param enter        cycles of the entry instruction ({@code int}, {@code sysenter}, {@code syscall},
 *                     taking the MIPS exception vector)
 * @param exit         cycles of the return instruction ({@code iret}, {@code sysexit}, {@code sysret},
 *                     {@code jr}+{@code rfe})
 */
public record EntryCost(String instructions, int enter, int exit) {

    public EntryCost {
        if (enter < 0) {
            throw new InvalidFieldException("enter", "must not be negative (cycles), got " + enter);
        }
        if (exit < 0) {
            throw new InvalidFieldException("exit", "must not be negative (cycles), got " + exit);
        }
    }
}
