# idle-threads client: one call, then block forever.
        setmr 0, tag(0, 1, 0)
        setmr 1, @self              # one word: who is calling
        ipc.call @server
        ipc.wait                    # open receive nobody answers: the thread stays blocked here
        halt                        # never reached
