# Names __prepare__ puts in are shown as prepared, before the body, not as the body's.
# expect: namespace_prepared Level 13 name=_generate_next_value_
# expect: namespace_set Level 14 name=LOW
# expect: namespace_prepared Box 15 name=unit
# count: namespace_set Box 0 name=unit
from enum import Enum, auto


class Defaults(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return {"unit": "cm"}
class Level(Enum):
    LOW = auto()
class Box(metaclass=Defaults):
    size = 3
print(Level.LOW.value, Box.unit)
