# An instance's __new__ and __init__ that call on up the chain (super(), or a base by name) are
# each a step of their own; one that raises goes back into the one that called it (issue 21).
# expect: instance_new Child 47 function=Child.__new__
# expect: instance_new Child 33 function=Base.__new__ called_by=Child.__new__
# expect: instance_init Child 47 function=Child.__init__
# expect: instance_init Child 35 function=Base.__init__ called_by=Child.__init__
# expect: instance_init Child 27 function=Root.__init__ called_by=Base.__init__
# expect: instance_init Careful 42 function=Base.__init__ called_by=Careful.__init__ raised.type=ValueError
# expect: instance_init Careful 48 function=Careful.__init__ raised=<absent>
# count: instance_new Careful 1


class Root:
    def __init__(self, name):
        print("Root.__init__")
        if not name:
            raise ValueError("a name, please")
        self.name = name


class Base(Root):
    def __new__(cls, *args):
        print("Base.__new__")
        return super().__new__(cls)
    def __init__(self, name):
        print("Base.__init__")
        Root.__init__(self, name)


class Child(Base):
    def __new__(cls, *args):
        print("Child.__new__")
        return super().__new__(cls, *args)
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age


class Careful(Base):
    def __init__(self):
        try:
            super().__init__("")
        except ValueError:
            self.name = "anonymous"


c = Child("ann", 3)
k = Careful()
print(c.name, c.age, k.name)
