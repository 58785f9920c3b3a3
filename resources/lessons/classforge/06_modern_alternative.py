# What "95% of people" should use instead of a metaclass. Since Python 3.6 a descriptor
# learns its own name through __set_name__, and a base class hears about every subclass
# through __init_subclass__. Same enforcement as the talk's Enforcer, no metaclass.


class Field:
    def __init__(self, ftype):
        self.ftype = ftype

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__[self.name]

    def __set__(self, instance, value):
        if not isinstance(value, self.ftype):
            raise TypeError(f'{self.name} must be {self.ftype.__name__}')
        instance.__dict__[self.name] = value


class Enforcer:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._fields = [k for k, v in vars(cls).items() if isinstance(v, Field)]


class Person(Enforcer):
    name = Field(str)
    age = Field(int)

    def __init__(self, name, age):
        self.name = name
        self.age = age


p = Person('John', 42)
print(Person._fields, p.name, p.age)       # ['name', 'age'] John 42
try:
    p.age = 'old'
except TypeError as error:
    print(error)                            # age must be int
