# An instance whose __new__ set attributes before returning it is not "empty" (issue 21).
# expect: instance_new Tagged 16 function=Tagged.__new__ set_in_new=tag,made_by
# expect: instance_new Plain 17 function=object.__new__ set_in_new=<absent>


class Tagged:
    def __new__(cls):
        self = super().__new__(cls)
        self.tag = "fresh"
        self.made_by = "__new__"
        return self


class Plain:
    pass
t = Tagged()
p = Plain()
print(t.tag, t.made_by, vars(p))
