# A plain class used as the metaclass, and a __prepare__ that returns no mapping: each class
# statement fails with a step of its own that says the class is never made.
# expect: call_metaclass K 8 makes_classes=false raised.type=TypeError
# expect: prepare_namespace L 17 returned_type=int raised.type=TypeError
class Meta:
    pass
try:
    class K(metaclass=Meta):
        pass
except TypeError as e:
    print("caught", e)
class M(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return 42
try:
    class L(metaclass=M):
        pass
except TypeError as e:
    print("caught", e)
