# An __init__ that raised: the instance is thrown away unless something the program made still
# refers to it (a pool __new__ filled, not the exception's own frames); handed back later, its
# __init__ runs again, not "for the first time" (issue 21). What only the instance itself leads
# back to (self.me = self, a child that points back) does not keep it: the cycle collector frees
# it, nor do a shared default or a module-level object it merely points to; a list in a
# module-level dict, a parent that adopted it or a caller's own local list do keep it.
# expect: instance_init Flaky 57 raised.type=ValueError escaped=true again=<absent>
# expect: instance_init Flaky 60 again=true raised=<absent>
# expect: instance_init Plain 62 raised.type=KeyError escaped=<absent>
# expect: instance_init SelfRef 66 raised.type=RuntimeError escaped=<absent>
# expect: instance_init Registered 70 raised.type=RuntimeError escaped=true
# expect: instance_init Shared 103 raised.type=RuntimeError escaped=<absent>
# expect: instance_init Shared 107 raised.type=RuntimeError escaped=true
# expect: instance_init Shared 96 raised.type=RuntimeError escaped=true
# expect: instance_init LocalOnly 121 raised.type=RuntimeError escaped=<absent>
# expect: instance_new Pair 131 filled_as=tuple


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


class SelfRef:
    def __init__(self):
        self.me = self
        self.child = [self, {"parent": self}]
        raise RuntimeError("half made")


registry = {}


class Registered:
    def __init__(self):
        registry.setdefault("all", []).append(self)
        raise RuntimeError("registered, then raised")


try:
    Flaky()
except ValueError:
    print("first failed")
f = Flaky()
try:
    Plain()
except KeyError:
    print("plain failed")
try:
    SelfRef()
except RuntimeError:
    print("self-referencing failed")
try:
    Registered()
except RuntimeError:
    print("registered failed")


DEFAULTS = {"colour": "red"}
root = Registered.__new__(Registered)
root.children = []


class Shared:
    def __init__(self, box=None, adopt=False):
        self.pair = (1, 2)
        self.options = DEFAULTS
        self.parent = root
        self.again = lambda: self
        if adopt:
            root.children.append(self)
        if box is not None:
            box.append(self)
        raise RuntimeError("shared parts")


def keep():
    box = []
    try:
        Shared(box)
    except RuntimeError:
        pass
    return box


try:
    Shared()
except RuntimeError:
    print("shared parts failed")
try:
    Shared(adopt=True)
except RuntimeError:
    print("adopted failed")
print(f.tried, len(registry["all"]), len(keep()), len(root.children))


class LocalOnly:
    def __init__(self):
        mine = [self]
        table = {"me": self, "all": mine}
        raise RuntimeError("only my own locals held me")


try:
    LocalOnly()
except RuntimeError:
    print("local only failed")


class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))


print(Pair(1, 2))
