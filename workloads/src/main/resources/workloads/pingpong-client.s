# pingpong client: `rounds` Calls to the server, two untyped words each.
# The ipc.* pseudo-instructions overwrite r0..r2, so the counters live in r4 and r5.
        mov r4, ${rounds}           # rounds left
        mov r5, 0                   # round number
round:
        add r5, 1
        setmr 0, tag(0, 2, 0)       # label 0, two untyped words
        setmr 1, r4                 # MR1: rounds left (the server echoes it)
        setmr 2, r5                 # MR2: round number
        ipc.call @server            # send, then wait for the server's reply
        beq r1, tag(0, 1, 0), ok    # r1 = the reply's tag
        mov r15, -1                 # unexpected reply (error bit or wrong tag): stop and say so
        halt
ok:
        compute ${work}
        loop r4, round
        halt
