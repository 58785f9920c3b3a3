# A function metaclass that builds two classes and returns the second: the name is bound to
# the second, which is said to be another class than the first; no difference to the body is
# claimed for a dict the function made itself.
# count: class_created Foo 1
# count: class_created Foo2 1
# expect: call_metaclass Foo2 10 inside_function_metaclass=true
# expect: bind_name Foo 13 first_class=Foo
def meta(name, bases, ns):
    first = type(name, bases, ns)
    second = type(name + "2", (first,), {"y": 2})
    return second

class Foo(metaclass=meta):
    x = 1
print(Foo, Foo.x, Foo.y)
