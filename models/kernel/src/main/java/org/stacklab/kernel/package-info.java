/**
 * The kernel semantics all three kernel-stack models share (L4 X.2 style; see
 * {@code shared/semantics.md}): thread ids, TCB layout, UTCB and message registers, IPC rules,
 * errors, the scheduler, the execution context every kernel path pays through, and the SPI
 * ({@link org.stacklab.kernel.spi.KernelModel}) each model implements.
 *
 * <p>Where to look: {@code id} thread ids; {@code ipc} tags, timeouts, error codes and the shared IPC
 * rules; {@code tcb} the TCB and its layout; {@code user} the user ISA and its interpreter;
 * {@code sched} the scheduler; {@code exec} kernel code blocks and the execution context;
 * {@code stack} kernel stacks and the stack meter; {@code metrics} the counters a run reports.
 */
package org.stacklab.kernel;
