/**
 * Model 2: the continuation kernel (Draves, Bershad, Rashid, Dean, "Using Continuations to Implement
 * Thread Management and Communication in Operating Systems", SOSP 1991 / CMU-CS-91-115R; GNU Mach's
 * {@code thread_block(continuation)}, {@code stack_handoff}, {@code mach_msg_continue}). One kernel
 * stack per CPU. A thread that waits in the kernel saves a {@link org.stacklab.continuation.Continuation}
 * and a few scratch words in its TCB and its stack is discarded; it resumes by having its continuation
 * called on a fresh stack. Blocking threads hand the stack to the partner they woke, and recognise a
 * partner waiting to complete a receive, finishing it for it.
 *
 * <p>Where it blocks: {@code ContinuationKernel.block} (continuation saved, stack discarded) and
 * {@code ContinuationKernel.blockKeepingStack} (the process-model fallback); where it resumes:
 * {@code ContinuationKernel.resume}.
 */
package org.stacklab.continuation;
