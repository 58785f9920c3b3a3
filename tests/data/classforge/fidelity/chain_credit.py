# Each hook of a chain is credited with what it changed itself, before and after it called on up
# the MRO: __init_subclass__ and a metaclass's __init__ alike, each its own step (issue 21).
# expect: init_subclass Leaf 12 function=Base.__init_subclass__ called_by=Sized.__init_subclass__ changes=<absent>
# expect: init_subclass Leaf 17 function=Sized.__init_subclass__ called_by=Colored.__init_subclass__ changes.added=size,sized_done
# expect: init_subclass Leaf 24 function=Colored.__init_subclass__ changes.added=color
# expect: meta_init K 42 function=Inner.__init__ called_by=Outer.__init__ changes.added=init_inner
# expect: meta_init K 46 function=Outer.__init__ changes.added=before,after called_by=<absent>
# count: meta_init K 3


class Base:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)


class Sized(Base):
    def __init_subclass__(cls, size=1, **kw):
        cls.size = size
        super().__init_subclass__(**kw)
        cls.sized_done = True


class Colored(Sized):
    def __init_subclass__(cls, color=None, **kw):
        cls.color = color
        super().__init_subclass__(**kw)


class Leaf(Colored, color="red", size=3):
    pass


class Inner(type):
    def __init__(cls, name, bases, ns, **kw):
        cls.init_inner = True
        super().__init__(name, bases, ns, **kw)


class Outer(Inner):
    def __init__(cls, name, bases, ns, **kw):
        cls.before = 1
        super().__init__(name, bases, ns, **kw)
        cls.after = 2


class K(metaclass=Outer):
    pass


print(Leaf.color, Leaf.size, Leaf.sized_done, K.before, K.init_inner, K.after)
