# "Anything that is deserialized executes the code." pickle stores how to rebuild an
# object, and __reduce__ decides what that is: here, a call to a function. Unpickling the
# bytes calls it. (Harmless here: it only prints. An attacker's pickle would not be.)
import pickle


def announce(message):
    print('called during unpickling:', message)
    return 'whatever the attacker wanted'


class Innocent:
    def __reduce__(self):
        return (announce, ('this ran because you called pickle.loads',))


payload = pickle.dumps(Innocent())
print(len(payload), 'bytes of pickle')
result = pickle.loads(payload)          # runs announce(...)
print('loads returned:', result)
