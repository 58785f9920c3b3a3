# Classes made by exec(), compile() and types.new_class go through the same machinery.
# expect: class_statement FromExec 9 dynamic=true
# expect: namespace_set FromExec 9 name=a
# expect: class_created FromExec 9
# expect: class_created FromCompile 10
# expect: call_metaclass Built 11
# expect: class_created Built 11
import types
exec("class FromExec:\n    a = 1\n")
exec(compile("class FromCompile:\n    b = 2\n", "<made>", "exec"))
Built = types.new_class("Built", (), {}, lambda ns: ns.update(c=3))
print(FromExec.a, FromCompile.b, Built.c)
