# An __annotations__ that __prepare__ put in the namespace: told as a prepared name, kept by
# SETUP_ANNOTATIONS (no "empty __annotations__" step), and only the body's own annotations are
# recorded steps, never one it did not write (issue 21).
# expect: namespace_prepared Model 15 name=__annotations__
# expect: namespace_set Model 16 name=__annotations__ annotated=only_ann
# count: namespace_set Model 1 name=__annotations__


class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        return {"__annotations__": {"pre": int}}


class Model(metaclass=Meta):
    only_ann: str


print(Model.__annotations__)
