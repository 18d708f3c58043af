/** The user program text format: {@link org.stacklab.workloads.asm.ProgramText}. */
package org.stacklab.workloads.asm;
