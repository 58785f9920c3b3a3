# Bases and metaclasses that are not types (issue 15's crash): CPython's rules, no crash.
# expect: determine_metaclass C 16 metaclass=BNotMeta
class ANotMeta:
    def __new__(cls, *args, **kwargs):
        print("ANotMeta.__new__", cls.__name__)
        return super().__new__(cls)
    def __init__(self, *args, **kwargs):
        pass
class BNotMeta(ANotMeta):
    pass
class A(metaclass=ANotMeta):
    pass
class B(metaclass=BNotMeta):
    pass
print(type(A).__name__, type(B).__name__)
class C(A, B):
    pass
print(type(C).__name__)
