# A metaclass call that raises with no step inside to say so: a base that is not a class (its
# type, builtin_function_or_method, finds __prepare__ on type), a function metaclass that
# raises by itself. Its own step says the call raised and the class was never made.
# expect: determine_metaclass F 9 reason~=<built-in
# expect: prepare_namespace F 9 function=type.__prepare__
# expect: call_metaclass F 9 makes_classes=false raised.type=TypeError
# expect: call_metaclass G 16 metaclass=refuse raised.type=ValueError
try:
    class F(len):
        pass
except TypeError as e:
    print("caught", e)
def refuse(name, bases, ns):
    raise ValueError("no " + name)
try:
    class G(metaclass=refuse):
        pass
except ValueError as e:
    print("caught", e)
d = {}
try:
    class H:
        d["missing"]
except KeyError as e:
    print("caught", repr(e))
# expect: class_statement_result H 22 raised.message='missing'
