# A chain of __init_subclass__, each passing the rest on with super(): each step names the one
# that called it and the keywords it received, not the class statement's (issue 21).
# expect: init_subclass Leaf 22 function=Colored.__init_subclass__ keywords.color='red' keywords.size=3 called_by=<absent>
# expect: init_subclass Leaf 16 function=Sized.__init_subclass__ called_by=Colored.__init_subclass__ keywords.size=3 keywords.color=<absent>
# expect: init_subclass Leaf 10 function=Base.__init_subclass__ called_by=Sized.__init_subclass__ keywords=<absent>
# count: init_subclass Leaf 5


class Base:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls.registered = True


class Sized(Base):
    def __init_subclass__(cls, size=1, **kw):
        super().__init_subclass__(**kw)
        cls.size = size


class Colored(Sized):
    def __init_subclass__(cls, color=None, **kw):
        super().__init_subclass__(**kw)
        cls.color = color


class Leaf(Colored, color="red", size=3):
    pass


print(Leaf.color, Leaf.size, Leaf.registered)
