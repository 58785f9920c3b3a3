# A function used as a metaclass that calls type(): one class object, one class_created.
# count: class_created Quiet 1
# expect: call_metaclass Quiet 11 metaclass=loud
# expect: call_metaclass Quiet 8 inside_function_metaclass=true namespace_changes.added=VOLUME namespace_changes.removed=volume
# expect: class_created Quiet 8 changes.by~=loud
def loud(name, bases, ns):
    ns = {k.upper() if not k.startswith("__") else k: v for k, v in ns.items()}
    return type(name, bases, ns)


class Quiet(metaclass=loud):
    volume = 1
print(Quiet.VOLUME)
