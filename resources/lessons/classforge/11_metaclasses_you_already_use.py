# You already use metaclasses: Enum and ABC are built on them. EnumType turns the names in
# a class body into the only instances the class will ever have; ABCMeta refuses to make
# an instance while an abstract method is left. Step through and see who builds what.

from abc import ABC, abstractmethod
from enum import Enum


class Colour(Enum):
    RED = 1
    GREEN = 2


print(type(Colour))                 # <class 'enum.EnumType'>: its metaclass
print(Colour.RED, Colour(2))        # Colour.RED Colour.GREEN: instances made by the metaclass
print(isinstance(Colour.RED, Colour))


class Shape(ABC):
    @abstractmethod
    def area(self):
        ...


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


print(type(Shape))                  # <class 'abc.ABCMeta'>
print(Square(3).area())             # 9
try:
    Shape()                          # ABCMeta left Shape's abstract method on record
except TypeError as error:
    print(error)
