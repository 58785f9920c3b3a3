# A metaclass __call__ that makes the instance with object.__new__ itself made a new one; one that
# raises, before or after type.__call__, is a failed call (issue 21).
# expect: instance_returned Fresh 34 made_here=true is_instance=true
# expect: instance_returned Locked 38 raised.type=PermissionError type_calls=1
# expect: instance_returned Closed 42 raised.type=RuntimeError type_calls=0
# expect: namespace_set Renamed 49 name=__qualname__ implicit=false rebound=true
# expect: instance_returned Parent 60 called_classes=true made_here=<absent> is_instance=true
# expect: namespace_set Documented 65 name=__doc__ implicit=false


class Bare(type):
    def __call__(cls, *args):
        return cls.__new__(cls)


class Locking(type):
    def __call__(cls, *args):
        made = super().__call__(*args)
        raise PermissionError(f"{cls.__name__} is locked")


class Closing(type):
    def __call__(cls, *args):
        raise RuntimeError("closed")


class Fresh(metaclass=Bare): pass
class Locked(metaclass=Locking):
    def __init__(self, n):
        self.n = n
class Closed(metaclass=Closing): pass


x = Fresh()
y = Fresh()
print(x is y)
try:
    Locked(1)
except PermissionError as e:
    print("refused:", e)
try:
    Closed()
except RuntimeError as e:
    print("refused:", e)


class Renamed:
    x = 1
    __qualname__ = "Other"
print(Renamed.__qualname__)


class Handing(type):
    def __call__(cls, *args):
        if cls.__name__ == "Parent":
            return Heir()
        return super().__call__(*args)
class Parent(metaclass=Handing): pass
class Heir(Parent): pass
print(type(Parent()).__name__)


class Documented:
    x = 1
    __doc__ = "late doc"
print(Documented.__doc__)
