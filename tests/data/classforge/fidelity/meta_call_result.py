# A metaclass __call__ that calls type.__call__ and then returns something else, or calls it more
# than once, says what it returned against what type.__call__ gave it (issue 21).
# expect: instance_returned A 43 reached_type_call=true type_calls=1 returned_made=false is_instance=false
# expect: instance_returned B 44 type_calls=2 returned_made=false is_instance=true
# expect: instance_returned C 45 type_calls=2 returned_made=true
# expect: instance_returned D 46 type_calls=0 returned_made=false is_instance=false
# count: instance_returned E 0


class Swapping(type):
    def __call__(cls, *args):
        super().__call__(*args)
        return "a stand-in"


class FirstOfTwo(type):
    def __call__(cls, *args):
        first = super().__call__(*args)
        super().__call__(*args)
        return first


class LastOfTwo(type):
    def __call__(cls, *args):
        super().__call__(*args)
        return super().__call__(*args)


class Forgiving(type):
    def __call__(cls, *args):
        try:
            return super().__call__(*args)
        except ValueError:
            return None


class A(metaclass=Swapping): pass
class B(metaclass=FirstOfTwo): pass
class C(metaclass=LastOfTwo): pass
class D(metaclass=Forgiving):
    def __init__(self): raise ValueError("no")
class E(metaclass=Forgiving): pass
a = A()
b = B()
c = C()
d = D()
print(a, type(b).__name__, type(c).__name__, d, type(E()).__name__)
