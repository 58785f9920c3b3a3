# Classes and instances a hook makes for itself are told as their own (issue 21): a companion a
# metaclass __new__ builds with type() gets none of that __new__'s changes; a class statement in
# an __init_subclass__ has its hook called by type.__new__, not through super(); a metaclass
# __call__ that reaches type.__call__ twice makes a second instance, not a second A() call.
# expect: class_created Companion 14 changes.by=type.__new__
# expect: class_created Owner 18 changes.by=Maker.__new__,type.__new__
# expect: init_subclass Base.__init_subclass__.<locals>.Proxy 23 called_by=<absent>
# expect: instance_call Twice 38 called_by=Twice2.__call__


class Maker(type):
    def __new__(mcls, name, bases, ns):
        if name != "Companion":
            ns["companion"] = type("Companion", (), {"of": name})
        return super().__new__(mcls, name, bases, ns)


class Owner(metaclass=Maker):
    pass


class Base:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__name__ == "Real":
            class Proxy(Base):
                pass
            cls.proxy = Proxy


class Real(Base):
    pass


class Twice2(type):
    def __call__(cls, *args):
        first = super().__call__(*args)
        return first, super().__call__(*args)


class Twice(metaclass=Twice2):
    pass


pair = Twice()
print(Owner.companion.of, Real.proxy.__name__, pair[0] is not pair[1])
