# SQLAlchemy's declarative mapping, from Debian's python3-sqlalchemy: another library from the
# talk that builds on a metaclass. declarative_base() makes a Base whose metaclass is
# DeclarativeMeta; each class you derive from it is mapped to a table while the class is made
# (DeclarativeMeta.__init__ reads the Column objects and builds the Table and the mapper).
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Person(Base):
    __tablename__ = "person"
    id = Column(Integer, primary_key=True)
    name = Column(String(40))


print(type(Base).__name__)
print(Person.__table__.name, [column.name for column in Person.__table__.columns])
print(Person(name="John").name)
