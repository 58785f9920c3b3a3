# A __new__ that makes an object of another class (object.__new__(Other)) and returns it: no W
# is made, but a new Other is, and is said to be; one returned from before is not.
# expect: instance_new W 16 made=false made_here=true made_type=Other
# expect: instance_new W 17 made=false made_here=<absent>
class Other:
    pass

kept = Other()

class W:
    def __new__(cls, fresh):
        return object.__new__(Other) if fresh else kept
    def __init__(self, fresh):
        print("never")

w = W(True)
v = W(False)
print(type(w).__name__, v is kept, w is not kept)
