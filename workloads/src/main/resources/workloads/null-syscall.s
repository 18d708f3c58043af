# null-syscall: `iterations` x ThreadSwitch(@self), then halt.
# ThreadSwitch returns nothing and leaves r0 alone, so the destination is loaded once.
        mov r4, ${iterations}       # r4 counts the calls down
        mov r0, @self               # ThreadSwitch destination: this thread -> returns at once
next:
        syscall threadswitch
        loop r4, next
        halt
