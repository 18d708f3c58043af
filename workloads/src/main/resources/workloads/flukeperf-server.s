# flukeperf server: wait for a call, then answer each caller with one word and wait for the next.
        ipc.wait                    # r0 := the first caller
serve:
        getmr r4, 1                 # MR1 of the request (0 for an empty one)
        compute ${work}
        setmr 0, tag(0, 1, 0)       # reply: label 0, one untyped word
        setmr 1, r4                 # echo MR1
        ipc.replywait r0            # reply to the caller in r0; r0 := the next caller
        jmp serve
