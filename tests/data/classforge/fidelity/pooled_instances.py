# Instances made before the call and handed back by __new__ are not new: a pool filled with
# object.__new__ outside any call, a pool refilled by a call, and a fresh one when the pool is
# empty. Whether an instance was made is read off CPython's own allocation of it, not guessed.
# expect: instance_new Conn 28 made=false again=false
# expect: instance_init Conn 28 again=false
# expect: instance_new Conn 29 made=false
# expect: instance_new Conn 30 made=true
# expect: instance_init Conn 30 again=<absent>
# expect: instance_new Conn 33 made=false again=true
# expect: instance_init Conn 33 again=true
# expect: instance_new Conn 34 made=true
# expect: instance_new Fresh 39 made=true


class Conn:
    pool = []

    def __new__(cls):
        if cls.pool:
            return cls.pool.pop()
        return super().__new__(cls)

    def __init__(self):
        self.open = True


Conn.pool = [object.__new__(Conn) for _ in range(2)]
a = Conn()
b = Conn()
c = Conn()  # the pool is empty: a new one
Conn.pool.append(a)
del a
d = Conn()  # the one put back: made before
e = Conn()


class Fresh:
    pass
f = Fresh()
print(b is not c, d is not e)
