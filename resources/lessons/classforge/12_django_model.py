# The real thing: a Django model, from Debian's python3-django. The metaclass talk used
# Django's ORM as its example of a library built on a metaclass. Django's ModelBase.__new__
# runs for your class: it takes the fields out of the body, gives the class its _meta (the
# fields, the table name), DoesNotExist, a manager, and hands each field to add_to_class. While
# it works, Django also makes classes of its own: they are folded into one step.
import django
from django.conf import settings

settings.configure(INSTALLED_APPS=[], DATABASES={})
django.setup()

from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=40)
    age = models.IntegerField(default=0)

    class Meta:
        app_label = "talk"


print(Person._meta.db_table)
print([field.name for field in Person._meta.fields])
print(Person(name="John", age=42).name)
