if x:
        call()
        other()
