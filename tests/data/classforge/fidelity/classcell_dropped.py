# A metaclass that leaves __classcell__ out: the class statement's own check raises after the
# metaclass returned, and the step says so (the name is never bound).
# expect: class_statement_result A 11 class_cell=true raised.type=RuntimeError
class M(type):
    def __new__(mcls, name, bases, ns):
        kept = {k: v for k, v in ns.items() if k != "__classcell__"}
        return super().__new__(mcls, name, bases, kept)


try:
    class A(metaclass=M):
        def f(self):
            return __class__
except RuntimeError as error:
    print("never bound:", "A" not in globals(), type(error).__name__)
