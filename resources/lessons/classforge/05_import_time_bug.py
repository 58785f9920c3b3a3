# Metaclass bugs fire at import time. EnforcerMeta below assumes every class it builds
# declares at least one Field. The first class without one breaks -- not when you use it,
# but the moment Python runs its `class` statement, which for a module is during `import`.


class Field:
    def __init__(self, ftype):
        self.ftype = ftype


class EnforcerMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        fields = [key for key, value in ns.items() if isinstance(value, Field)]
        cls._first_field = fields[0]          # the bug: what if there are none?


class Person(metaclass=EnforcerMeta):
    name = Field(str)


print('Person is fine:', Person._first_field)


class Base(metaclass=EnforcerMeta):          # no fields: IndexError, right here
    pass


print('never printed')
