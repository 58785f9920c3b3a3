# A metaclass __new__ that returns a class made before: the statement makes no class, and none
# is announced for it (int is not the learner's class).
# count: class_created Alias 0
# expect: meta_new Alias 13 returned_existing=true
# expect: bind_name Alias 13 returned_existing=true
# expect: bind_name Again 15 returned_existing=true
class Meta(type):
    def __new__(mcls, name, bases, ns):
        if name in ("Alias", "Again"):
            return int if name == "Alias" else Base
        return super().__new__(mcls, name, bases, ns)
class Base(metaclass=Meta): pass
class Alias(metaclass=Meta):
    y = 2
class Again(metaclass=Meta): pass
print(Alias is int, Again is Base, int("7") + 1)
