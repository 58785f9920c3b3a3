# A program that switches tracing off and on again, as test helpers do: it sees python3's
# sys.gettrace() (None), and the classes after it are still traced.
# expect: class_created After 10
import sys

saved = sys.gettrace()
print("trace is", saved)
sys.settrace(None)
sys.settrace(saved)
class After:
    pass
print(After.__name__)
