# A metaclass is a class whose instances are classes. The default one is `type`,
# so a class can be built by calling type(name, bases, namespace) directly.


def greet(self, who):
    print(self.greeting, who)


Person = type('Person', (object,), {'greet': greet, 'greeting': 'hello'})

j = Person()
j.greet('SoCal')                 # hello SoCal
print(Person.__mro__)            # (<class '__main__.Person'>, <class 'object'>)
