package org.stacklab.kernel.spi;

import org.stacklab.kernel.stack.KernelStack;

/**
 * Where a model put a new thread: its TCB block and, if the model gives threads their own stacks,
 * that stack.
 *
 * @param base       TCB base address
 * @param blockBytes bytes of kernel memory the block occupies
 * @param ownStack   the thread's own kernel stack, or {@code null}
 */
public record ThreadMemory(long base, int blockBytes, KernelStack ownStack) {
}
