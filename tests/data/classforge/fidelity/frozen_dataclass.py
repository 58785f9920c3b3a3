# A frozen dataclass refuses an assignment in the __setattr__ the decorator wrote onto the class:
# the class's own, so a step says so, as for one the learner wrote (issue 21).
# expect: set_attribute Point 16 name=x refused=true error=FrozenInstanceError
# count: set_attribute Point 1
from dataclasses import dataclass, FrozenInstanceError


@dataclass(frozen=True)
class Point:
    x: int
    y: int


p = Point(1, 2)
try:
    p.x = 5
except FrozenInstanceError as e:
    print("refused:", e)
print(p)
