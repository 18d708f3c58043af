/**
 * Model 3: the stateless kernel on the interrupt model (Ford et al., "Interface and Execution Models
 * in the Fluke Kernel", OSDI 1999; seL4 and mung for the L4 X.2 details). One kernel stack per CPU;
 * a system call never blocks inside the kernel. When it must wait, the kernel records the wait in
 * the TCB, leaves the thread's user state at a restart point, unwinds to the scheduler, and either
 * a partner completes the call for it or the thread re-executes the (rewritten) call.
 *
 * <p>Where it blocks: {@link org.stacklab.stateless.StatelessModel#ipc} — look for "restart point".
 */
package org.stacklab.stateless;
