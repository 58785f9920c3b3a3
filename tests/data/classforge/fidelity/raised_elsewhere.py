# Where a call's exception was raised, when that is another function of the program's: a
# dataclass's generated __init__ calling __post_init__, an __init__ calling a helper (issue 21).
# expect: instance_init Point 21 raised.type=ValueError raised.function=Point.__post_init__ raised.line=17
# expect: instance_init Account 41 raised.type=TypeError raised.function=checked raised.line=28
# expect: instance_init Account 41 raised.type=KeyError raised.function=Account.__init__ raised.line=36
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int

    def __post_init__(self):
        if self.x < 0:
            print("rejecting", self.x)
            raise ValueError("negative x")


try:
    Point(-1, 2)
except ValueError as error:
    print("caught:", error)


def checked(value):
    if not isinstance(value, int):
        raise TypeError("not a whole number")
    return value


class Account:
    def __init__(self, balance, owner=None):
        self.balance = checked(balance)
        if owner is None:
            raise KeyError("owner")


for args in (("ten",), (10,)):
    try:
        Account(*args)
    except (TypeError, KeyError) as error:
        print("caught:", repr(error))
