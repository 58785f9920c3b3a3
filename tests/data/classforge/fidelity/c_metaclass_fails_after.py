# A metaclass __new__ written in C that calls type.__new__ and then refuses the class (ctypes
# checks _fields_ after the class is built): its failure is told after type.__new__ built it.
# expect: meta_new S 9 function=type.__new__
# expect: meta_new S 9 function=PyCStructType.__new__ built=true raised.type=TypeError
import ctypes


try:
    class S(ctypes.Structure):
        _fields_ = 5
except TypeError as e:
    print("caught", e)
