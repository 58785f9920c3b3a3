# del in a class body, and binding a name twice to the same value, are steps.
# expect: namespace_set Temp 7 name=helper
# expect: namespace_del Temp 8 name=helper
# expect: namespace_set Temp 9 name=x
# expect: namespace_set Temp 10 name=x same_value=true
class Temp:
    helper = 10
    del helper
    x = 1
    x = 1
print(hasattr(Temp, "helper"), Temp.x)
