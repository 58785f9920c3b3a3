# __new__ returning another type: CPython skips __init__, and the trace says so.
# expect: instance_new Shy 11 function=Shy.__new__
# expect: instance_init_skipped Shy 11 returned_type=Other
class Other:
    pass
class Shy:
    def __new__(cls):
        return Other()
    def __init__(self):
        print("never printed")
s = Shy()
print(type(s).__name__)
