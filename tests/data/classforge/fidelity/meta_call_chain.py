# A metaclass __call__ reached through super() from another's is part of the same call, and a
# metaclass __new__ that builds its class under another name did build it (issue 21).
# expect: instance_call A 31 function=M2.__call__ called_by=<absent>
# expect: instance_call A 18 function=M1.__call__ called_by=M2.__call__
# count: instance_returned A 0
# expect: meta_new Renamed 32 function=Renaming.__new__ returned~=Renamed returned_existing=<absent>


class M1(type):
    def __call__(cls, *args):
        print("M1.__call__")
        return super().__call__(*args)


class M2(M1):
    def __call__(cls, *args):
        print("M2.__call__")
        return super().__call__(*args)


class A(metaclass=M2):
    def __init__(self):
        print("A.__init__")


class Renaming(type):
    def __new__(mcls, name, bases, ns):
        return super().__new__(mcls, name + "V2", bases, ns)


a = A()
class Renamed(metaclass=Renaming):
    pass
print(type(a).__name__, Renamed.__name__)
