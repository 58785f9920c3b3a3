# A class made in another thread: its body and its name are seen there.
# expect: class_statement worker.<locals>.Made 9
# expect: namespace_set worker.<locals>.Made 10 name=size
# expect: class_created worker.<locals>.Made 9
# expect: bind_name worker.<locals>.Made 9
import threading

def worker():
    class Made:
        size = 3
    print("made", Made.size)

t = threading.Thread(target=worker)
t.start()
t.join()
