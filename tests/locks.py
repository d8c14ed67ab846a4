"""Another connection holding a lock, for tests that need the database to refuse one for real.

Use in ``django_db(transaction=True)`` tests: the blocking connection must see the test's rows,
and the test's own connection must not already hold SQLite's write lock.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

from django.db import connection, connections


class Blocker:
    """A second connection that holds a write lock: on SQLite the database's (``BEGIN
    IMMEDIATE``), on MySQL/MariaDB the row's (``SELECT ... FOR UPDATE``). ``release`` ends its
    transaction; while it holds, the test's connection gives up after a short wait (SQLite's
    busy timeout, InnoDB's lock wait timeout of 1 second) with the database's own error."""

    def __init__(self, row: Any):
        self.row = row
        self.held = False
        if connection.vendor == "sqlite":
            self._conn = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        else:
            self._conn = connections.create_connection("default")

    def hold(self) -> None:
        if connection.vendor == "sqlite":
            self._conn.execute("BEGIN IMMEDIATE")
        else:
            self._conn.set_autocommit(False)
            table = self.row._meta.db_table
            with self._conn.cursor() as cursor:
                cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [self.row.pk])  # noqa: S608
        self.held = True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        self._conn.rollback()
        if connection.vendor != "sqlite":
            self._conn.set_autocommit(True)

    def close(self) -> None:
        self.release()
        self._conn.close()


@contextlib.contextmanager
def blocked(row: Any) -> Iterator[Blocker]:
    """Hold a lock on ``row`` (SQLite: on the whole database) from another connection, with the
    test's connection set to give up quickly."""
    blocker = Blocker(row)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout = 50")
        else:
            cursor.execute("SET SESSION innodb_lock_wait_timeout = 1")
    try:
        blocker.hold()
        yield blocker
    finally:
        blocker.close()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                timeout = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
                cursor.execute(f"PRAGMA busy_timeout = {timeout}")
            else:
                cursor.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT")


def provoke_deadlock(first: Any, second: Any, ballast: Any) -> None:
    """MySQL/MariaDB only: make the test's connection, inside its transaction, the victim of a
    real deadlock (error 1213) over two rows of one table.

    The test's connection locks ``first``; another connection changes the ``ballast`` rows (a
    queryset of that table whose rows have a ``name``), so that InnoDB, which rolls back the
    transaction with the fewest changes, picks the test's; it then locks ``second`` and waits for
    ``first``. Once it is seen waiting, the test's connection asks for ``second``, and the driver
    raises ``OperationalError(1213, ...)``. The other transaction is rolled back afterwards.
    """
    table = first._meta.db_table
    ballast_ids = list(ballast.values_list("pk", flat=True))
    assert first.pk not in ballast_ids
    assert second.pk not in ballast_ids
    other = connections.create_connection("default")
    other.set_autocommit(False)
    marks = ", ".join(["%s"] * len(ballast_ids))
    with other.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        other_id = cursor.fetchone()[0]
        cursor.execute(f"UPDATE {table} SET name = CONCAT(name, '.') WHERE id IN ({marks})", ballast_ids)  # noqa: S608
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [second.pk])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [first.pk])  # noqa: S608

    def wait_for_first() -> None:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [first.pk])  # noqa: S608

    other.inc_thread_sharing()
    waiter = threading.Thread(target=wait_for_first)
    waiter.start()
    try:
        with connection.cursor() as cursor:
            while True:  # until the other transaction waits for ours (no fixed sleep)
                cursor.execute(
                    "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                    " WHERE trx_mysql_thread_id = %s AND trx_state = 'LOCK WAIT'",
                    [other_id],
                )
                if cursor.fetchone()[0]:
                    break
                # INNODB_TRX is a cache that InnoDB refreshes only after 0.1 s without readers.
                time.sleep(0.2)
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [second.pk])  # noqa: S608
    finally:
        waiter.join()
        other.dec_thread_sharing()
        other.rollback()
        other.close()
