# dataclass(slots=True) builds a second class: both are seen, and the instances of the second.
# count: class_created Point 2
# expect: decorator Point 12
# expect: call_metaclass Point 11 first_class=Point
# expect: decorator Point 12 returned_changes.added~=__slots__ returned_changes.removed~=__dict__
# expect: bind_name Point 12 replaced=true
# expect: instance_init Point 16 function=Point.__init__
from dataclasses import dataclass


@dataclass(slots=True)
class Point:
    x: int
    y: int = 0

p = Point(1, 2)
print(p, Point.__slots__)
