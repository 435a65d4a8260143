if x:
        call()
        changed()
