# type(name, bases, ns) with a base whose metaclass is more derived: type.__new__ hands the work
# to that metaclass's __new__ before anything is built, whose super().__new__ builds the class;
# never "type.__new__ builds" before the __new__ that called it (issue 21).
# expect: meta_new X 20 function=type.__new__ handed_to=M.__new__ called_with=type
# expect: meta_new X 20 function=M.__new__
# expect: meta_new X 12 function=type.__new__ handed_to=<absent>
# count: meta_new X 4


class M(type):
    def __new__(m, name, bases, ns):
        cls = super().__new__(m, name, bases, ns)
        return cls


class Base(metaclass=M):
    pass


X = type("X", (Base,), {"a": 1})
print(type(X).__name__, X.a)
