# A metaclass __call__ that does not reach type.__call__ the second time.
# expect: instance_call Config 15 function=SingletonMeta.__call__
# expect: instance_init Config 15 function=Config.__init__
# expect: instance_call Config 16 function=SingletonMeta.__call__
# expect: instance_returned Config 16 is_instance=true
class SingletonMeta(type):
    instances = {}
    def __call__(cls, *args):
        if cls not in cls.instances:
            cls.instances[cls] = super().__call__(*args)
        return cls.instances[cls]
class Config(metaclass=SingletonMeta):
    def __init__(self):
        print("init once")
first = Config()
second = Config()
print(first is second)
