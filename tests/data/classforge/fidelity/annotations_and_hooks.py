# The namespace as CPython holds it: annotations (annotation-only fields too), __prepare__'s
# names, __init_subclass__'s keywords, and what a decorator added (issue 21).
# expect: namespace_set Point 13 name=__annotations__ rebound=false
# expect: namespace_set Point 14 name=__annotations__ annotated=x annotation=int
# expect: namespace_set Point 15 name=__annotations__ annotated=y rebound=true
# expect: decorator Point 13 changes.added~=__init__ changes.added~=__eq__ changes.added~=__lt__
# expect: init_subclass Child 19 function=Base.__init_subclass__ keywords.tag='red' changes.added=tag
# count: namespace_set Point 3 name=__annotations__
from dataclasses import dataclass


@dataclass(order=True)
class Point:
    x: int
    y: int = 0


class Base:
    def __init_subclass__(cls, /, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag


class Child(Base, tag="red"):
    pass


print(Point(1) < Point(2), Child.tag, Point.__annotations__)
