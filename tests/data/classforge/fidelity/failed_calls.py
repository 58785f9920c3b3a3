# Calls that raised are failed steps, and nothing is made that never existed (issue 21).
# expect: instance_new Shape 17 function=object.__new__ raised.type=TypeError made=false
# expect: instance_new Weird 23 function=Weird.__new__ made=false returned=42 returned_type=int
# expect: instance_init Broken 31 function=Broken.__init__ raised.type=ValueError raised.line=29
# expect: meta_new Strict 40 function=Picky.__new__ raised.type=TypeError raised.line=38
# count: instance_new Shape 1
# count: class_created Strict 0
from abc import ABC, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self): ...


try:
    Shape()
except TypeError as error:
    print("refused:", error)
class Weird:
    def __new__(cls):
        return 42
print(Weird())


class Broken:
    def __init__(self, n):
        if n < 0:
            raise ValueError("n must not be negative")
try:
    Broken(-1)
except ValueError as error:
    print("refused:", error)


class Picky(type):
    def __new__(mcls, name, bases, ns):
        raise TypeError(f"{name} is not allowed")
try:
    class Strict(metaclass=Picky):
        pass
except TypeError as error:
    print("refused:", error)
