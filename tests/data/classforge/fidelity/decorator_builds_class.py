# A decorator that builds a new class: its steps appear when it runs, in order.
# expect: class_created Settings 12
# expect: decorator Settings 12 function=frozen
# expect: call_metaclass Settings 8 explicit=true
# expect: class_created Settings 8
# expect: bind_name Settings 12 bound=class
def frozen(cls):
    return type(cls.__name__, (), {"frozen": True, **{k: v for k, v in vars(cls).items() if not k.startswith("__")}})


@frozen
class Settings:
    debug = False
print(Settings.frozen, Settings.debug)
