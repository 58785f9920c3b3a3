# Every metaclass __new__ in a chain is its own step, and what each changed is said (issue 21).
# expect: meta_new Base 11 function=type.__new__ changes.added~=__dict__ changes.removed~=__qualname__
# expect: meta_new Base 11 function=ABCMeta.__new__ yours=false called_by=AutoRepr.__new__ changes.added~=__abstractmethods__
# expect: meta_new Base 16 function=AutoRepr.__new__ yours=true changes.added=__repr__
# expect: class_created Base 16 metaclass=AutoRepr changes.by~=ABCMeta.__new__
from abc import ABCMeta, abstractmethod


class AutoRepr(ABCMeta):
    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns, **kw)
        cls.__repr__ = lambda self: f"<{name}>"
        return cls


class Base(metaclass=AutoRepr):
    @abstractmethod
    def run(self): ...


class Job(Base):
    def run(self):
        return 1


print(repr(Job()), Base.__abstractmethods__)
