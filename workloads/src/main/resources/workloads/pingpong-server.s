# pingpong server: wait for the first call, then answer each call and wait for the next.
        ipc.wait                    # open wait for the first request
serve:
        getmr r4, 1                 # the client's MR1
        compute ${work}
        setmr 0, tag(0, 1, 0)       # reply: label 0, one untyped word
        setmr 1, r4                 # echo MR1
        ipc.replywait @client       # reply (send timeout Zero), then open wait for the next call
        jmp serve
