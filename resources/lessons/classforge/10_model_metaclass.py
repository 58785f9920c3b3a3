# The talk named SQLAlchemy, FormEncode and the Django ORM as libraries built on
# metaclasses. Here is the idea at the heart of a Django model, in a few lines: the
# metaclass runs once per model class, takes the Field objects out of the class body,
# keeps them in cls._meta, and every model gets __init__ and a save() that "writes SQL".
# Step through it: watch the fields leave the namespace and _meta appear on the class.


class Field:
    def __init__(self, column_type):
        self.column_type = column_type

    def __repr__(self):
        return f'Field({self.column_type!r})'


class ModelBase(type):
    def __new__(mcs, name, bases, namespace):
        fields = {key: value for key, value in namespace.items() if isinstance(value, Field)}
        for key in fields:
            del namespace[key]                   # the class keeps no Field objects...
        cls = super().__new__(mcs, name, bases, namespace)
        cls._meta = {'table': name.lower(), 'fields': fields}   # ...its metaclass keeps them here
        return cls


class Model(metaclass=ModelBase):
    def __init__(self, **values):
        for key in self._meta['fields']:
            setattr(self, key, values.get(key))

    def save(self):
        columns = ', '.join(self._meta['fields'])
        print(f"INSERT INTO {self._meta['table']} ({columns}) VALUES "
              f"({', '.join(repr(getattr(self, c)) for c in self._meta['fields'])})")


class Article(Model):
    title = Field('TEXT')
    views = Field('INTEGER')


article = Article(title='Metaclasses', views=3)
article.save()              # INSERT INTO article (title, views) VALUES ('Metaclasses', 3)
print(Article._meta)        # the fields live here, not on the class
print('title' in vars(Article))   # False: the metaclass took it out of the body
