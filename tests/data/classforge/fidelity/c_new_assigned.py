# A class whose __new__ is another type's C __new__ keeps the tp_new it inherited: CPython
# never calls what was assigned (update_one_slot), and the steps name what does run.
# count: meta_new K 1
# expect: meta_new K 9 function=type.__new__
# expect: instance_new N 13 function=int.__new__
class M(type):
    __new__ = dict.__new__

class K(metaclass=M):
    pass
class N(int):
    __new__ = float.__new__
n = N(3)
print(type(K).__name__, n, type(n).__name__)
