# "Enforce all the things, like in Java": a metaclass collects typed fields, and
# __setattr__ refuses values of the wrong type. Bugs here surface at import time.


class Field:
    def __init__(self, ftype):
        self.ftype = ftype

    def is_valid(self, value):
        return isinstance(value, self.ftype)


class EnforcerMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls._fields = {key: value for key, value in ns.items() if isinstance(value, Field)}


class Enforcer(metaclass=EnforcerMeta):
    def __setattr__(self, key, value):
        if key in self._fields and not self._fields[key].is_valid(value):
            raise TypeError('{0} is not valid'.format(key))
        super().__setattr__(key, value)


class Person(Enforcer):
    name = Field(str)
    age = Field(int)


p = Person()
p.name = 'John'
p.age = 42
print(sorted(Person._fields))    # ['age', 'name']
try:
    p.age = 'forty-two'
except TypeError as error:
    print(error)                 # age is not valid
