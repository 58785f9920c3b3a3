# A function metaclass that changes the body's own namespace in place before calling type():
# the inner call says it changed it in place (the same dict), not that it handed on another.
# expect: call_metaclass T 6 inside_function_metaclass=true namespace_changes.added=tagged namespace_changes.in_place=true
def tag(name, bases, ns):
    ns["tagged"] = True
    return type(name, bases, ns)
class T(metaclass=tag):
    x = 1
print(T.tagged)
