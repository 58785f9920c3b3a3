# Work done inside a call is told before what the call returns: a class made inside __new__,
# an instance made inside a decorator, and a decorator stack whose middle one returns a subclass
# that the one above it then changes.
# expect: instance_new Proxy 29
# expect: decorator Gadget 47 returned_other=true
# expect: class_created ThingSub 38
# expect: decorator Thing 54 returned_type=type
# expect: decorator Thing 54 received=ThingSub
# expect: instance_new Base 58
# expect: class_created Dyn 18
# expect: instance_new Base 58 made_type=Dyn
# count: decorator Gadget 2


class Base:
    def __new__(cls):
        if cls is Base:
            dynamic = type("Dyn", (cls,), {"made_inside": True})
            return super().__new__(dynamic)
        return super().__new__(cls)


class Proxy:
    def __init__(self, target):
        self.target = target


def proxied(cls):
    return Proxy(cls)


def tag_inner(cls):
    cls.inner = True
    return cls


def to_sub(cls):
    return type(cls.__name__ + "Sub", (cls,), {"from_sub": True})


def tag_outer(cls):
    cls.outer = True
    return cls


@proxied
class Gadget:
    pass


@tag_outer
@to_sub
@tag_inner
class Thing:
    pass


b = Base()
print(type(b).__name__, type(Gadget).__name__, Thing.__name__, "outer" in Thing.__mro__[1].__dict__)
