# Two more places where your code runs while classes and instances are made: a metaclass
# __call__ runs before __new__ and __init__ of every instance (here: a singleton), and a
# class decorator receives the finished class and may return another.


class Singleton(type):
    def __call__(cls, *args, **kwargs):
        if not hasattr(cls, '_instance'):
            cls._instance = super().__call__(*args, **kwargs)
        return cls._instance


def register(cls):
    registry.append(cls.__name__)
    return cls


registry = []


@register
class Config(metaclass=Singleton):
    def __init__(self):
        self.debug = False


a = Config()
b = Config()
print(a is b, registry)                  # True ['Config']
Dynamic = type('Dynamic', (Config,), {'debug': True})
print(Dynamic.__mro__[1].__name__)       # Config
