# The Enforcer's payoff: an assignment a class-defined __setattr__ refuses is a step.
# expect: set_attribute Person 14 name=age
# expect: set_attribute Person 16 name=age refused=true error=TypeError
class Enforcer:
    def __setattr__(self, name, value):
        expected = type(self).fields.get(name)
        if expected and not isinstance(value, expected):
            raise TypeError(f"{name} must be {expected.__name__}")
        super().__setattr__(name, value)
class Person(Enforcer):
    fields = {"age": int}
p = Person()
try:
    p.age = 42
    print("set", p.age)
    p.age = "forty-two"
except TypeError as e:
    print("refused:", e)
