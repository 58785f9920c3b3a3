# An instance a hook makes of the class being built (cls() in __init_subclass__, before
# type.__new__ has returned it) is traced like any other (issue 21).
# expect: init_subclass Plugin 10 function=Registry.__init_subclass__
# expect: instance_new Plugin 12 function=object.__new__
# expect: instance_init Plugin 12 function=Plugin.__init__
# count: instance_new Plugin 1


class Registry:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls()
class Plugin(Registry):
    def __init__(self):
        self.ready = True


print(Plugin.default.ready, type(Plugin.default).__name__)
