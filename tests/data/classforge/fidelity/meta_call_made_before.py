# A metaclass __call__ that returns an object made before this call (a cache) says so, whether
# it called type.__call__ first or not.
# expect: instance_returned H 14 reached_type_call=true returned_made=false made_here=false
# expect: instance_returned R2 28 made_here=false is_instance=false
keep = []
class G(type):
    def __call__(cls, *a):
        x = super().__call__(*a)
        keep.append(x)
        return keep[0]
class H(metaclass=G):
    pass
h1 = H()
h2 = H()
print(h1 is h2)
store = {}
class Shared(type):
    def __call__(cls, *a):
        if "one" in store:
            return store["one"]
        store["one"] = super().__call__(*a)
        return store["one"]
class R1(metaclass=Shared):
    pass
class R2(metaclass=Shared):
    pass
r1 = R1()
r2 = R2()
print(type(r2).__name__)
