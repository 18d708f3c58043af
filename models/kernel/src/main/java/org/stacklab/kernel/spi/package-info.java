/**
 * The service-provider interface between the harness and a kernel-stack model, and the control-flow
 * contract every model follows so that user programs cannot tell the models apart (DESIGN.md rule 3).
 *
 * <h2>Dispatch</h2>
 * A model's {@link org.stacklab.kernel.spi.KernelModel#run run} takes threads from
 * {@link org.stacklab.kernel.sched.Scheduler#pickNext}, calls {@code Kernel.setCurrent}, sets the state
 * RUNNING and counts {@code counters().dispatches}. What a dispatched thread does first depends on its
 * state before dispatch: READY — return to user (completing its system call first if a partner
 * delivered a result that is not yet written, per the model); RECV_PENDING — run the receive phase of
 * its IPC (with the FromSpecifier in its {@code PARTNER}, {@code Ipc.pendingReceive} — normally its
 * saved {@code r1}, unless a propagation redirected it, see "Propagation" — and its receive timeout),
 * then return to user or block. User code runs in {@link org.stacklab.kernel.user.UserCpu#run}; on
 * {@code Trap.HALT} the thread becomes HALTED and the next is picked; on {@code Trap.CYCLE_LIMIT} the
 * run ends with {@code CYCLE_LIMIT}; when nothing is ready the run ends {@code QUIESCENT}.
 *
 * <h2>Kernel entry and exit</h2>
 * Every system call: {@code exec.trapEntry()}, run {@code SYSCALL_ENTRY}, save the user state (the
 * trap frame: {@code userRegisters + 2} words) — on the thread's own kernel stack in the per-thread
 * model, in a TCB field in the stack-discarding models — and on return {@code SYSCALL_EXIT}, restore it
 * from where it was saved, {@code exec.trapExit()}. Every return to user (after a system call that did
 * not block, and after a dispatch) first lets a pending ExchangeRegisters halt take effect
 * ({@link org.stacklab.kernel.thread.ExchangeRegisters#stopAtReturnToUser}: the thread becomes STOPPED
 * and the CPU is given away as when blocking, {@code pickNext(null)}), then checks
 * {@link org.stacklab.kernel.sched.Scheduler#shouldPreempt}:
 * if a strictly higher priority is ready, the thread becomes READY at the <em>head</em> of its queue
 * (its call already complete) and the next thread is picked.
 *
 * <h2>IPC</h2>
 * As in {@link org.stacklab.kernel.ipc.Ipc}'s class comment; in order:
 * <ol>
 *   <li>{@code to == nil && from == nil}: {@code completeSendOnly}.</li>
 *   <li>Send phase ({@code to != nil}): {@code lookup}; {@code null} → {@code fail(SEND, NON_EXISTING)},
 *       no receive phase. {@code readyToReceiveFrom(dst, me)}: {@code transfer(me, dst)} (on overflow
 *       fail both: me SEND, dst RECEIVE, MESSAGE_OVERFLOW; dst becomes READY, enqueued at the tail if
 *       it was WAITING, left where it is if it was RECV_PENDING); dst's IPC
 *       is complete (its {@code complete} may be written now or when it is dispatched, per model); a
 *       WAITING dst becomes READY and is enqueued at the tail; a RECV_PENDING dst becomes READY where it
 *       is. Not ready: Zero send timeout → {@code fail(SEND, TIMEOUT)}, no receive phase; else
 *       {@code enqueueSender(dst, me)}, state POLLING, PARTNER := to, block. When a receiver later
 *       takes the message (see 4) the send phase is over.</li>
 *   <li>Receive phase ({@code from != nil}): a closed wait on a thread that {@code lookup} cannot find
 *       → {@code fail(RECEIVE, NON_EXISTING)}. {@code selectSender}: found S → {@code dequeueSender},
 *       {@code transfer(S, me)}, S's send phase completes (step 4), {@code complete(me)}, me keeps
 *       the CPU (subject to the preemption check). None: Zero receive timeout →
 *       {@code fail(RECEIVE, TIMEOUT)}; else state WAITING, PARTNER := FromSpecifier, block.</li>
 *   <li>A passive sender S whose message a receiver took: if S has no receive phase it becomes READY
 *       (tail) with a send-only success ({@code completeSendOnly}, now or at dispatch); if it has one,
 *       it becomes RECV_PENDING (tail) with PARTNER := its FromSpecifier.</li>
 *   <li>Blocking: the next thread is {@code pickNext(partner)} where partner is the thread this
 *       system call just made READY from WAITING (if any), else {@code pickNext(null)}.</li>
 * </ol>
 *
 * <h2>ExchangeRegisters</h2>
 * Never blocks: {@link org.stacklab.kernel.thread.ExchangeRegisters#exchange}, then return to user. A
 * thread it aborts ({@link org.stacklab.kernel.ipc.Ipc#abort}) gets CANCELED for the phase, written
 * now or when it runs (per model, like a timeout), and becomes READY at the tail.
 *
 * <h2>ThreadControl</h2>
 * Never blocks: {@link org.stacklab.kernel.thread.ThreadControl#control}, then return to user. A
 * deletion fails the deleted thread's queued senders (send-phase NON_EXISTING) and closed-wait
 * receivers (receive-phase NON_EXISTING), each written now or when it runs and made READY at the tail,
 * in queue order and then thread-number order; the model then frees what it keeps for the thread
 * (stacks, a parked call chain). A created thread is READY at the tail and starts in user mode at its
 * PC, as a thread created before the run does.
 *
 * <h2>ThreadSwitch(dest)</h2>
 * dest is the caller (global or local id): complete, keep running. dest names a thread that is
 * READY or RECV_PENDING: remove it from its queue, the caller becomes READY at the tail, dest runs.
 * Otherwise (nil included) yield: the caller becomes READY at the tail and {@code pickNext(null)} runs
 * (possibly the caller again). The ThreadSwitch is completed ({@code completeThreadSwitch}) before
 * the caller next runs user code.
 *
 * <h2>Interrupts</h2>
 * {@code UserCpu.run} returns {@code Trap.TIMER} at the first user instruction boundary at or after
 * {@code Kernel.nextEventCycle()} (the next timeout deadline or device interrupt firing); an idle CPU
 * jumps there ({@code Kernel.idleUntilNextEvent}). The model enters the kernel as for a system call
 * (from user mode) or with no user state (idle) and, in one {@code TIMER} block: first expires the
 * timeouts due (deadline order), then calls {@link org.stacklab.kernel.irq.Interrupts#raiseDue} with
 * its {@code Wake}. A firing whose handler is WAITING or RECV_PENDING and accepts the interrupt
 * thread id (partner anythread or {@code GlobalId(irq, 1)}) has its message written (MR0 = the tag
 * with label 0xFFF0, {@code IPC_FROM} = the irq id) and the model completes the handler's IPC as a
 * sender's delivery would — the handler becomes READY, at the tail if it was WAITING, where it is if
 * it was RECV_PENDING — otherwise the irq stays pending (or the firing is missed). Then the usual
 * return-to-user preemption check runs, so a higher-priority handler runs at once (non-preemptible
 * kernel: nothing is taken inside the kernel). A receive phase, after the closed-wait check (a closed
 * wait on an irq id the thread handles is valid although no TCB has it), first takes a pending
 * interrupt it accepts ({@code Interrupts.takePending}; then {@code complete(me)}, as with a polling
 * sender), before {@code selectSender}.
 *
 * <h2>Lazy FPU</h2>
 * {@code Kernel.setCurrent} disables the FPU whenever the current thread changes. An FPU instruction
 * while the FPU is disabled for the running thread makes {@code UserCpu.run} return {@code Trap.FPU}
 * with the PC still on the instruction. The model enters the kernel as for the timer interrupt (from
 * user mode, on its own entry path: the thread's stack, the TCB's user-state area, or the exported
 * state), calls {@link org.stacklab.kernel.fpu.Fpu#trap} (one {@code FPU_TRAP} block: save the owner's
 * state into its save area, allocate or load the thread's, set the owner) and returns to user mode
 * through its usual return-to-user check; the instruction is then re-executed. The trap never blocks.
 * FPU state lives in kernel memory beside the TCB ({@code Purpose.FPU}), never on a stack;
 * ThreadControl delete frees it ({@code Fpu.released}) before {@code Model.release}.
 *
 * <h2>Exceptions (user traps)</h2>
 * A {@code trap N} instruction is delivered as IPC to the thread's exception handler (the UTCB
 * ExceptionHandler TCR, set by the user instruction {@code setexh}; semantics.md §7, issue 3
 * deliverable 4). The shared rules live in {@code UserCpu} and {@link org.stacklab.kernel.ipc.Ipc}: at
 * the trap, {@code Ipc.raiseException} saves MR0..MR2 and r0..r2 in the TCB (charged), writes the
 * exception message (label 0xFFB0, u = 2, MR1 = N, MR2 = PC) and the arguments of a Call to the
 * handler into the thread's UTCB and registers, and {@code UserCpu.run} returns {@code Trap.SYSCALL}
 * with {@code syscallKind} = IPC; with no live handler the thread halts ({@code Trap.HALT}) instead.
 * The model then runs its ordinary IPC system call, so the faulting thread blocks in the model's own
 * style: on its stack (perthread), with an IPC continuation (continuation), or as an exported POLLING /
 * WAITING state (stateless; its receive-only restart re-executes the trap instruction, which
 * {@code UserCpu} recognises by the saved state and turns into the IPC again without raising anew).
 * Whoever completes the Call through {@code Ipc.complete} (the handler's reply, a failure, an abort)
 * restores the saved state, moves the PC past the trap and ends the operation without an observation:
 * the user program made no system call. A model needs no code of its own for this. An illegal
 * instruction ({@code ud}, x86 #UD) is the same with exception number 6.
 *
 * <h2>Propagation</h2>
 * Propagated IPC (semantics.md §2.8: tag bit p, the VirtualSender / ActualSender TCR at UTCB word -6)
 * lives entirely in {@link org.stacklab.kernel.ipc.Ipc}: {@code readyToReceiveFrom} also accepts a
 * receiver waiting for the virtual sender, and {@code transfer} decides whether propagation is allowed,
 * clears p if not, records the virtual sender as the receiver's {@code from}, writes the receiver's
 * ActualSender and redirects a virtual sender in a closed wait on the propagator to the destination
 * (PARTNER := the destination). The one thing a model must do: run a RECV_PENDING thread's receive
 * phase with FromSpecifier = {@code PARTNER} (perthread and continuation read it back; the stateless
 * model, whose restart point keeps it in the exported {@code r1}, rewrites that register in
 * {@link org.stacklab.kernel.spi.KernelModel#pendingReceiveRedirected}).
 *
 * <h2>String transfers, page faults in the kernel, preemption points</h2>
 * Every transfer that can carry typed items goes through {@link org.stacklab.kernel.ipc.Ipc#startTransfer}
 * (message registers copied, items decoded into an {@link org.stacklab.kernel.ipc.Transfer}), then
 * {@code resumeTransfer} until the outcome is {@code Done}, {@code Overflow} or {@code TimedOut}, then
 * {@code endTransfer} (its result replaces {@code transfer}'s in steps 2 and 3 above). The thread that
 * runs it is the <em>copier</em>: the sender when the receiver was waiting, the receiver when it took a
 * polling sender. Two outcomes stop the copy:
 * <ul>
 *   <li>{@code Fault} (a page the copy needs is not mapped in the sender's or the receiver's space):
 *       {@code raiseXferFault} starts the faulting thread's page-fault Call to its pager (a pager it
 *       makes READY from WAITING is preferred when the copier gives up the CPU); the partner of the
 *       copier locks (XFER, out of any queue). If it returns {@code started = false} (no pager, a Zero
 *       or expired xfer timeout) the copier ends the transfer with the fault instead. The copier waits:
 *       perthread nests the wait on its own stack; continuation keeps the stack (process-model fallback,
 *       counted {@code PAGE_FAULT}); stateless records the progress in the exported state, rolls its user
 *       state to the restart point (the same system call) and unwinds. A sender whose send phase reaches
 *       a thread in such a Call ({@code Ipc.inXferFault(dst)}) transfers its reply (the map item) and
 *       calls {@code xferFaultResolved(dst)}, which returns the copier to make READY (tail; preferred as
 *       a woken partner) instead of dst; a receiver that takes such a Call's message calls
 *       {@code xferFaultSent(s)} (the Call waits for the reply at once) instead of step 4. The copier,
 *       dispatched again, goes on with {@code resumeTransfer} (stateless: its re-executed call finds the
 *       transfer, {@code restartTransfer} decodes the items again, counted in {@code rollbackCycles}).</li>
 *   <li>{@code Preempted} ({@code pp}: every {@code preemptChunkBytes} copied; {@code fp}: every chunk),
 *       with an interrupt due: the copier first calls {@code interruptTransfer} (its partner locks, so an
 *       interrupt cannot be delivered to a receiver in mid-transfer), then takes the interrupt in the
 *       kernel (interrupt entry, the timer work, interrupt exit); if a higher priority is then ready it
 *       becomes READY ({@code Scheduler.requeuePreempted}) and gives up the CPU (continuation: with the {@code XFER_RESUME}
 *       continuation, its stack discarded; stateless: restart point as for a fault), else it copies on.</li>
 * </ul>
 * After a copy stopped, a RECV_PENDING receiver left its ready queue: the copier enqueues it at the tail
 * when the transfer ends ({@code Transfer.interrupted()}). ExchangeRegisters {@code s} on the sender or
 * {@code r} on the receiver of a stopped transfer ({@code Tcb.lockedIn()}) aborts it in {@code Ipc.abort}
 * (semantics.md §2.7, "in the middle of a transfer"): a page-fault Call in progress is abandoned, the
 * copier is made READY and ends the transfer with ABORTED (7) for both at the offset reached; the model
 * does nothing of its own. The same for an xfer timeout that expires while a pager has not answered
 * (5 / 6). [DECIDE] ThreadControl does not delete a thread locked in an unfinished transfer (InvalidThread),
 * and ExchangeRegisters does not halt one (InvalidParam, as a thread still in IPC).
 *
 * <h2>Counting blocks</h2>
 * Each time a thread blocks (waits for an event inside the kernel) the model counts it once, where it
 * blocks, with {@link org.stacklab.kernel.metrics.KernelCounters#countBlock(org.stacklab.kernel.tcb.Tcb)}
 * after setting the state (POLLING: send phase; WAITING: receive phase; a thread in an exception Call
 * counts as an exception block in either phase), or with {@code countBlock(BlockKind.PAGE_FAULT)} for a
 * page-fault wait. Each time the running thread is made READY by the return-to-user preemption check or
 * by a ThreadSwitch (directed or yield) it counts {@code blocksPreemption}. In the per-thread model a
 * block keeps the stack ({@code stackKeeps}); in the continuation model it discards it
 * ({@code stackDiscards}) or keeps it in the process-model fallback ({@code stackKeeps}); in the
 * stateless model a block is the thread leaving the CPU in a wait state.
 *
 * <h2>Preemptibility</h2>
 * {@link org.stacklab.kernel.KernelOptions#preemptibility()} is the second axis of a run (Fluke §5):
 * {@code NP} (this contract as written), {@code PP} (also at preemption points inside long operations,
 * every {@link org.stacklab.kernel.KernelOptions#preemptChunkBytes()} bytes of a string copy), {@code FP}
 * (anywhere outside short critical sections). A model declares what it has with
 * {@link org.stacklab.kernel.spi.KernelModel#supports}; a {@code Kernel} refuses the rest.
 */
package org.stacklab.kernel.spi;
