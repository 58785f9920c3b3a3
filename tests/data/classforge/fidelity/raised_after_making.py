# A call that raised after it had made something: a metaclass __new__ that raised once
# type.__new__ had built the class (the class object is dropped, and dies as it would untraced),
# a __new__ that raised after object.__new__ made the instance (thrown away, or kept where the
# program stored it), and an __init__ whose only other holder is a suspended generator in its
# own local variables (it dies with the frame) (issue 21).
# expect: meta_new Bad 21 function=type.__new__ raised=<absent>
# expect: meta_new Bad 29 function=Gate.__new__ raised.type=TypeError built=true
# expect: instance_new Made 48 raised.type=ValueError built=true escaped=true
# expect: instance_new Made 48 raised.type=ValueError built=true escaped=<absent>
# expect: instance_new Refused 61 raised.type=ValueError built=<absent>
# expect: instance_init Walker 75 raised.type=RuntimeError escaped=<absent>
import gc
import weakref

REFS = []
KEPT = []


class Gate(type):
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, ns)
        REFS.append(weakref.ref(cls))
        if name == "Bad":
            raise TypeError("rejected after building")
        return cls


try:
    class Bad(metaclass=Gate):
        pass
except TypeError as error:
    print("caught:", error, "| Bad bound:", "Bad" in globals())
gc.collect()
print("the class Gate built is alive:", REFS[0]() is not None)


class Made:
    def __new__(cls, keep):
        self = super().__new__(cls)
        REFS.append(weakref.ref(self))
        if keep:
            KEPT.append(self)
        raise ValueError("made, then refused")


for keep in (True, False):
    try:
        Made(keep)
    except ValueError:
        pass
gc.collect()
print("kept Made alive:", REFS[1]() is not None, "| dropped Made alive:", REFS[2]() is not None)


class Refused:
    def __new__(cls):
        raise ValueError("refused before making")


try:
    Refused()
except ValueError:
    pass


class Walker:
    def __init__(self):
        steps = (self for _ in range(3))
        next(steps)
        REFS.append(weakref.ref(self))
        raise RuntimeError("walked off")


try:
    Walker()
except RuntimeError:
    pass
gc.collect()
print("Walker alive:", REFS[3]() is not None)
