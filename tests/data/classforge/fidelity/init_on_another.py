# An __init__ the chain calls by hand on another object (the child it made) is said to run on
# that one, not on the instance being made.
# expect: instance_init Node 8 function=Node.__init__ called_by=Node.__init__ other~=Node
class Node:
    def __init__(self, n):
        self.child = Node(n - 1) if n else None
        if n == 2:
            Node.__init__(self.child, 0)
Node(2)
print("ok")
