"""Lazy, sliceable lists for paginated edges. Private to ``services``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar, overload

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)
D = TypeVar("D")


class Listing(Generic[M, D]):
    """A list of data classes read one slice at a time: ``count()`` is one query, and a slice
    loads and converts only its rows (plus the fixed queries ``convert`` needs for them).

    Django's ``Paginator`` (and so DRF's pagination) accepts any object with ``count()`` and
    slicing, so a REST page of 20 never converts the other 4,980 rows.
    """

    def __init__(
        self,
        queryset: QuerySet[M],
        convert: Callable[[list[M]], list[D]],
        *,
        rows: QuerySet[M] | None = None,
    ):
        """``rows``: what a page's rows are read from by their ids, when that is less than
        ``queryset`` (its joins and columns without its filters and order, which the ids query
        has applied already: a searched page does not compile and run its search twice)."""
        self._queryset = queryset
        self._convert = convert
        self._rows = rows.order_by() if rows is not None else queryset

    def count(self) -> int:
        return self._queryset.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> D: ...
    @overload
    def __getitem__(self, index: slice) -> list[D]: ...
    def __getitem__(self, index: int | slice) -> D | list[D]:
        if isinstance(index, slice):
            # The page's ids first (an index-only read the database stops after one page), then
            # those rows with their joins: sorting the joined rows of a whole program for every
            # page costs MariaDB tens of milliseconds at 5,000 pairs.
            ids = list(self._queryset.values_list("pk", flat=True)[index])
            rows = {row.pk: row for row in self._rows.filter(pk__in=ids)} if ids else {}
            return self._convert([rows[pk] for pk in ids if pk in rows])
        return self._convert([self._queryset[index]])[0]

    def __iter__(self) -> Iterator[D]:
        return iter(self._convert(list(self._queryset)))
