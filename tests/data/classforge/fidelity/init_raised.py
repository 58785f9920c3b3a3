# An __init__ that raised: the instance is thrown away unless something the program made still
# refers to it (a pool __new__ filled, not the exception's own frames); handed back later, its
# __init__ runs again, not "for the first time" (issue 21).
# expect: instance_init Flaky 31 raised.type=ValueError escaped=true again=<absent>
# expect: instance_init Flaky 34 again=true raised=<absent>
# expect: instance_init Plain 36 raised.type=KeyError escaped=<absent>


class Flaky:
    pool = []

    def __new__(cls):
        if cls.pool:
            return cls.pool.pop()
        obj = super().__new__(cls)
        cls.pool.append(obj)
        return obj

    def __init__(self):
        if not hasattr(self, "tried"):
            self.tried = True
            raise ValueError("first time")


class Plain:
    def __init__(self):
        raise KeyError("plain")


try:
    Flaky()
except ValueError:
    print("first failed")
f = Flaky()
try:
    Plain()
except KeyError:
    print("plain failed")
print(f.tried)
