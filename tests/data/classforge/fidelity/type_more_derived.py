# type(name, bases, ns) where a base's metaclass is more derived and has no __new__ of its own:
# type.__new__ builds the class with that metaclass, and its step says so.
class Tagged(type):
    pass
class Base(metaclass=Tagged):
    pass
# expect: meta_new D 9 called_with=type metaclass=Tagged
# expect: class_created D 9
D = type("D", (Base,), {})
print(type(D).__name__)
# expect: meta_new E 12 function=type.__new__ called_with=<absent>
E = type("E", (), {})
print(type(E).__name__)
