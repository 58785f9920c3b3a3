# A decorator that returns a subclass of the class it received: what the subclass only inherits
# is said to be inherited, not taken out.
# expect: decorator Q 11 returned_changes.added~=extra inherited~=q
def sub(cls):
    class QX(cls):
        extra = 2
    return QX


@sub
class Q:
    q = 1
print(Q.q, Q.extra, sorted(k for k in vars(Q) if not k.startswith("__")))
