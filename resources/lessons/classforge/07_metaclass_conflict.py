# A class has exactly one metaclass. When two bases bring metaclasses that are not
# related by inheritance, Python cannot pick one and refuses to build the class.


class MetaA(type):
    pass


class MetaB(type):
    pass


class A(metaclass=MetaA):
    pass


class B(metaclass=MetaB):
    pass


class C(A, B):        # TypeError: metaclass conflict
    pass
