package org.stacklab.kernel.tcb;

/**
 * A named field of a TCB layout, {@code words} machine words long.
 *
 * @param name  field name (shown in layout dumps)
 * @param index position among the layout's fields
 * @param words size in words
 */
public record TcbField(String name, int index, int words) {
}
