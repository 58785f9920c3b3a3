# A thread that is not a daemon outlives the module: CPython waits for it, and so does the trace.
# expect: class_created late.<locals>.Late 8
import threading
import time

def late():
    time.sleep(0.2)
    class Late:
        pass
    print("late class", Late.__name__)

threading.Thread(target=late).start()
print("main ends")
