# idle-threads server: answer every caller once, forever.
        ipc.wait                    # r0 := the first caller
serve:
        compute ${work}
        setmr 0, tag(0, 0, 0)       # empty reply
        ipc.replywait r0            # reply to the caller in r0; r0 := the next caller
        jmp serve
