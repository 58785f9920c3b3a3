# FormEncode, from Debian's python3-formencode: the third library the talk named. A Schema
# collects the validators written in its body, through a metaclass (DeclarativeMeta), and
# validates a whole form at once. Watch the fields become the schema's.
import formencode
from formencode import validators


class Registration(formencode.Schema):
    email = validators.Email(not_empty=True)
    age = validators.Int(min=0)


print(sorted(Registration.fields))
print(Registration().to_python({"email": "john@example.com", "age": "42"}))
try:
    Registration().to_python({"email": "nope", "age": "-1"})
except formencode.Invalid as error:
    print(sorted(error.error_dict))
