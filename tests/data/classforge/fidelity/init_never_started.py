# An __init__ whose arguments do not bind raises before any of its code runs: nothing refers to
# the new instance, which is thrown away at once (its __del__ prints before the except block).
# An __init__ whose own code raises keeps it alive in the traceback until the exception goes.
# expect: instance_init P 15 function=P.__init__ started=false raised.type=TypeError
# expect: instance_init Q 19 function=Q.__init__ started=<absent> raised.type=ValueError
class P:
    def __init__(self, x):
        self.x = x
    def __del__(self):
        print("P freed")
class Q:
    def __init__(self):
        raise ValueError("no")
try:
    P()
except TypeError:
    print("caught P")
try:
    Q()
except ValueError:
    print("caught Q")
