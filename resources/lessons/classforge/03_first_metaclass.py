# A first metaclass: its __init__ runs once for every class it builds.


class MyFirstMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.uses_my_metaclass = True

    def mystery_method(cls):
        # Methods of a metaclass receive a class, which is why it is 'cls', not 'self'.
        return 'I am a mystery method'


def greet(self, who):
    print(self.greeting, who)


# The grungy way of building the class: call the metaclass yourself.
MyClass = MyFirstMeta('MyClass', (object,), {'greet': greet, 'greeting': 'Hello'})

# The easier way. (Python 2 wrote `__metaclass__ = MyFirstMeta` in the body.)
class MyOtherClass(metaclass=MyFirstMeta):
    greeting = 'Hi'
    greet = greet


MyClass().greet('SoCal')                   # Hello SoCal
print(MyOtherClass.uses_my_metaclass)      # True
print(MyOtherClass.mystery_method())       # I am a mystery method
# A metaclass method lives on the class, not on its instances:
print(hasattr(MyOtherClass(), 'mystery_method'))   # False
