# A __prepare__ mapping whose methods print: the tracer must never call them, so the output is
# python3's, line for line.
# expect: prepare_namespace Quiet 31 readable=false
# expect: namespace_set Quiet 32 name=volume
from collections.abc import MutableMapping


class Loud(MutableMapping):
    def __init__(self):
        self.data = {}
    def __getitem__(self, key):
        print("get", key)
        return self.data[key]
    def __setitem__(self, key, value):
        print("set", key)
        self.data[key] = value
    def __delitem__(self, key):
        del self.data[key]
    def __iter__(self):
        print("iter")
        return iter(self.data)
    def __len__(self):
        print("len")
        return len(self.data)
class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return Loud()
    def __new__(mcs, name, bases, ns):
        return super().__new__(mcs, name, bases, dict(ns.data))
class Quiet(metaclass=Meta):
    volume = 1
print(Quiet.volume)
