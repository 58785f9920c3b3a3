# A __new__ written in Python makes nothing itself: the __new__ written in C it reaches does
# (object.__new__ for a plain class, int.__new__ for an int), and its step names it.
# expect: instance_new Child 16 function=Child.__new__ made=true made_by=object.__new__
# expect: instance_new Count 22 function=Count.__new__ made=true made_by=int.__new__
# expect: instance_new Bare 25 made=true made_by=<absent>
class Base:
    def __new__(cls, *args):
        return super().__new__(cls)


class Child(Base):
    def __new__(cls, *args):
        return super().__new__(cls)


print(type(Child()).__name__)
class Count(int):
    def __new__(cls, value):
        return super().__new__(cls, value)


print(Count(3) + 1)
class Bare:
    pass
print(type(Bare()).__name__)
