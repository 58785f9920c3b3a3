# object.__init_subclass__ refuses class keywords it was not meant for: its step names object's
# hook (written in C), not the class being made, which defines none.
# expect: init_subclass Child 7 function=object.__init_subclass__ raised.type=TypeError
class Base:
    pass
try:
    class Child(Base, flavour="mint"):
        pass
except TypeError as e:
    print("caught", e)
