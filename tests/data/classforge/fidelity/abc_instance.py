# Instances of a class whose metaclass (ABCMeta) was made before the tracer started.
# expect: class_created Square 11 metaclass=ABCMeta
# expect: instance_call Square 16 function=type.__call__
# expect: instance_init Square 16 function=Square.__init__
from abc import ABC, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self): ...
class Square(Shape):
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side ** 2
print(Square(3).area())
