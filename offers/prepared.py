"""Querysets compiled to SQL once, then run many times with a new parameter value.

The ORM compiles a queryset (columns, joins, subqueries, ordering, converters) every time it
runs it; for the offer page's indexed lookup that costs more than PostgreSQL takes to answer. A
`PreparedQuery` compiles its queryset once per database connection, with a marker where the
parameter goes, and afterwards only executes that SQL and builds the instances the way Django's
own ModelIterable does (converters, `Model.from_db`, select_related through Django's related
populators, annotations as attributes).

It takes model querysets only: no only()/defer(), values(), extra() or known related objects;
compile() refuses the others rather than build wrong instances.
"""

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple
    position: int
    converters: tuple
    model: type[Model]
    start: int
    end: int
    init_list: tuple
    related_populators: tuple
    annotations: tuple


class PreparedQuery:
    def __init__(self, build: Callable[[object], QuerySet], marker, using: str = DEFAULT_DB_ALIAS):
        """`build(value)` returns the queryset for one parameter value; `marker` is a value of
        the right type that appears nowhere else in its SQL parameters."""
        self.build = build
        self.marker = marker
        self.using = using
        # Converters are bound to a connection object (one per thread): compile once for each.
        self._compiled = weakref.WeakKeyDictionary()

    def compile(self, connection) -> Compiled:
        queryset = self.build(self.marker)
        query = queryset.query
        if (
            queryset._iterable_class is not ModelIterable
            or query.extra
            or query.deferred_loading != (frozenset(), True)
            or queryset._known_related_objects
        ):
            raise ValueError("PreparedQuery takes plain querysets only.")
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        positions = [i for i, param in enumerate(params) if param == self.marker]
        if len(positions) != 1:
            raise ValueError(f"The marker {self.marker!r} must be one parameter of the SQL.")
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        converters = compiler.get_converters([expression for expression, _sql, _alias in select])
        return Compiled(
            sql=sql,
            params=tuple(params),
            position=positions[0],
            converters=tuple(converters.items()),
            model=klass_info["model"],
            start=start,
            end=end,
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            related_populators=tuple(get_related_populators(klass_info, select, self.using)),
            annotations=tuple(compiler.annotation_col_map.items()),
        )

    def fetch(self, value) -> list[Model]:
        connection = connections[self.using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self.compile(connection)
        params = list(compiled.params)
        params[compiled.position] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        objects = []
        for row in rows:
            if compiled.converters:
                row = list(row)
                for position, (functions, expression) in compiled.converters:
                    for function in functions:
                        row[position] = function(row[position], expression, connection)
            obj = compiled.model.from_db(
                self.using, compiled.init_list, row[compiled.start : compiled.end]
            )
            for populator in compiled.related_populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def prefetched(manager, objects: list) -> QuerySet:
    """What prefetch_related() stores for a related manager: its queryset, already read."""
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset
