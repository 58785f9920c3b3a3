# A metaclass __new__ that hands back a class it made before (a cache): no new class is built,
# and the class statement goes on with the old one (issue 21).
# expect: meta_new Plugin 18 function=Cached.__new__ returned_existing=<absent>
# expect: meta_new Plugin 21 function=Cached.__new__ returned_existing=true
# count: class_created Plugin 1
CACHE = {}


class Cached(type):
    def __new__(mcls, name, bases, ns):
        if name in CACHE:
            return CACHE[name]
        cls = super().__new__(mcls, name, bases, ns)
        CACHE[name] = cls
        return cls


class Plugin(metaclass=Cached):
    version = 1
first = Plugin
class Plugin(metaclass=Cached):
    version = 2
print(first is Plugin, Plugin.version)
