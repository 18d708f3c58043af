# fpu-pingpong server: wait for the first call, then answer each (f0 += 2 first when fpu = 1).
        mov r5, 2
        fmov f1, r5                 # f1 = 2 (the first FPU use: the kernel allocates the save area)
        mov r7, ${fpu}
        ipc.wait                    # open wait for the first request
serve:
        beq r7, 0, reply
        fadd f0, f1                 # f0 += 2: after the client ran, this traps (#NM)
        fmov r6, f0                 # r6 = 2 x requests served
reply:
        getmr r4, 1                 # the client's MR1
        setmr 0, tag(0, 1, 0)       # reply: label 0, one untyped word
        setmr 1, r4                 # echo MR1
        ipc.replywait @client       # reply (send timeout Zero), then open wait for the next call
        jmp serve
