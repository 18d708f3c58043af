# fpu-pingpong client: `rounds` Calls to the server, with f0 += 1 before each when fpu = 1.
# The ipc.* pseudo-instructions overwrite r0..r2, so the counters live in r4 and up.
        mov r4, ${rounds}           # rounds left
        mov r5, 1
        fmov f1, r5                 # f1 = 1 (the first FPU use: the kernel allocates the save area)
        mov r7, ${fpu}
round:
        beq r7, 0, call
        fadd f0, f1                 # f0 += 1: after the server ran, this traps (#NM) and the kernel switches the FPU
call:
        setmr 0, tag(0, 1, 0)       # label 0, one untyped word
        setmr 1, r4                 # MR1: rounds left (the server echoes it)
        ipc.call @server
        beq r1, tag(0, 1, 0), ok    # r1 = the reply's tag
        mov r15, -1                 # unexpected reply: stop and say so
        halt
ok:
        loop r4, round
        fmov r6, f0                 # r6 = rounds (fpu = 1): the client's FPU state survived every switch
        halt
