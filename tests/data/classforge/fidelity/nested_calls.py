# A call's steps bracket what ran inside it, also when it is the same class (recursion), and a
# hook's exception that its caller caught is told as going back to that caller, which then ends
# normally and the class statement binds its name (issue 21).
# count: instance_init Node 5
# expect: init_subclass Leaf 16 function=Root.__init_subclass__ called_by=Mid.__init_subclass__ raised.type=ValueError
# expect: init_subclass Leaf 23 function=Mid.__init_subclass__ raised=<absent> continues=54
# expect: bind_name Leaf 34 name=Leaf


class Node:
    def __init__(self, depth):
        self.child = Node(depth - 1) if depth > 0 else None


class Root:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__name__ == "Leaf":
            raise ValueError("root says no")


class Mid(Root):
    def __init_subclass__(cls, **kwargs):
        try:
            super().__init_subclass__(**kwargs)
        except ValueError as error:
            print("Mid caught:", error)


tree = Node(2)
print("depth 2 built:", tree.child.child.child is None)


class Leaf(Mid):
    pass


print("Leaf bound:", Leaf.__name__)
