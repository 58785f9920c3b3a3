# dataclass(slots=True) builds a second class: both are seen, and the instances of the second.
# count: class_created Point 2
# expect: decorator Point 9
# expect: instance_init Point 13 function=Point.__init__
from dataclasses import dataclass


@dataclass(slots=True)
class Point:
    x: int
    y: int = 0

p = Point(1, 2)
print(p, Point.__slots__)
