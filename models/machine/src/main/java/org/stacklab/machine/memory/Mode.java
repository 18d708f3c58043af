package org.stacklab.machine.memory;

/** Who makes a memory access: every access is tagged so kernel and user footprints can be told apart. */
public enum Mode {
    KERNEL,
    USER
}
