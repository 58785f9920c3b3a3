# What does a class do? It gives its instances a namespace to look names up in.
# From "Metaclasses: look behind the curtain", SoCal Python meetup, June 2011 (in Python 3).


class Person:
    greeting = 'hello'

    def greet(self, who):
        print(self.greeting, who)


j = Person()
j.greet('SoCal')                 # hello SoCal
print(type(j).__name__)          # Person: j is an instance of Person
print(type(Person).__name__)     # type: Person is an instance of type
