"""The participant and pair lists page, sort, filter and search on the server (issue 12).

``programs/{uuid}/participants/`` and ``programs/{uuid}/pairs/`` answer one page with ``count``,
the total of every page, so no client stops at the first hundred; ``?search=`` and
``?ordering=`` apply before paging, and a wrong ``page``, ``page_size``, ``search`` or
``ordering`` is a 400 naming it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


def _all(client, url: str) -> list[dict]:
    """Every item of a list, page after page, following ``next`` as a client does."""
    items, page = [], client.get(url).json()
    while True:
        items.extend(page["results"])
        if not page["next"]:
            return items
        page = client.get(page["next"]).json()


@pytest.fixture
def people():
    """A program of 7 participants: usernames in a mixed order, departments to search."""
    program = factories.program()
    rows = [
        ("zoe", "mentor", "Finance"),
        ("adam", "mentee", "Sales"),
        ("maya", "mentee", "Finance"),
        ("bob", "mentor", "Engineering"),
        ("carla", "mentee", "Legal"),
        ("dan", "mentor", ""),
        ("erin_finance", "mentee", "Sales"),
    ]
    for username, role, department in rows:
        factories.join(program, factories.enrolled(username), role, department=department)
    services.withdraw_participant(program.uuid, "carla")
    return program


def participants_url(program, query: str = "") -> str:
    return f"{API}programs/{program.uuid}/participants/?{query}"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [item["username"] for item in response.json()["results"]]


def test_participants_page_with_the_total_count(people):
    client = client_for(factories.course_staff())
    first = client.get(participants_url(people, "page_size=3&ordering=username")).json()
    assert (first["count"], first["num_pages"], first["current_page"], first["start"]) == (7, 3, 1, 0)
    assert [p["username"] for p in first["results"]] == ["adam", "bob", "carla"]
    third = client.get(participants_url(people, "page_size=3&ordering=username&page=3")).json()
    assert [p["username"] for p in third["results"]] == ["zoe"]
    assert (third["start"], third["next"]) == (6, None)
    # Following ``next`` reaches every participant once.
    every = _all(client, participants_url(people, "page_size=2"))
    assert sorted(p["username"] for p in every) == sorted(
        ["zoe", "adam", "maya", "bob", "carla", "dan", "erin_finance"]
    )


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("username", ["adam", "bob", "carla", "dan", "erin_finance", "maya", "zoe"]),
        ("-username", ["zoe", "maya", "erin_finance", "dan", "carla", "bob", "adam"]),
        # Ties go by username.
        ("role", ["adam", "carla", "erin_finance", "maya", "bob", "dan", "zoe"]),
        ("-role", ["bob", "dan", "zoe", "adam", "carla", "erin_finance", "maya"]),
        ("status", ["adam", "bob", "dan", "erin_finance", "maya", "zoe", "carla"]),
        ("-status", ["carla", "adam", "bob", "dan", "erin_finance", "maya", "zoe"]),
        ("department", ["dan", "bob", "maya", "zoe", "carla", "adam", "erin_finance"]),
        ("created", ["zoe", "adam", "maya", "bob", "carla", "dan", "erin_finance"]),
        ("-created", ["erin_finance", "dan", "carla", "bob", "maya", "adam", "zoe"]),
    ],
)
def test_participants_sort_on_the_server(people, ordering, expected):
    client = client_for(factories.course_staff())
    assert names(client.get(participants_url(people, f"ordering={ordering}"))) == expected


def test_participants_search_username_and_department(people):
    client = client_for(factories.course_staff())
    url = participants_url(people, "search=FINANCE&ordering=username")
    response = client.get(url)
    assert names(response) == ["erin_finance", "maya", "zoe"]  # one username, two departments
    assert response.json()["count"] == 3
    assert names(client.get(participants_url(people, "search=  ad  "))) == ["adam"]  # stripped
    # Search, filters and paging together.
    both = client.get(participants_url(people, "search=a&role=mentee&status=active&ordering=-username"))
    assert names(both) == ["maya", "erin_finance", "adam"]  # carla withdrew
    assert client.get(participants_url(people, "search=nobody")).json()["count"] == 0
    assert names(client.get(participants_url(people, "search=&ordering="))) == names(
        client.get(participants_url(people))
    )


def test_learners_search_only_themselves(people):
    client = client_for(factories.get_user("adam"))
    assert names(client.get(participants_url(people, "search=a"))) == ["adam"]
    assert names(client.get(participants_url(people, "search=zoe"))) == []
    assert names(client.get(participants_url(people, "search=Sales"))) == ["adam"]


def _pairs_world():
    """Four pairs whose health differs: at risk (active 40 days, no session), needing attention
    (proposed 10 days ago), on track (active today), and ended (closed: no health)."""
    program = factories.program()
    people = {name: factories.enrolled(name) for name in ("m_kim", "m_ada", "m_lee", "m_bo")}
    people.update({name: factories.enrolled(name) for name in ("e_yan", "e_abe", "e_zed", "e_cy")})
    with freeze_time(TODAY - dt.timedelta(days=40)):
        at_risk = factories.active_pair(program, people["m_kim"], people["e_yan"])[0]
    with freeze_time(TODAY - dt.timedelta(days=10)):
        needs = factories.proposed_pair(program, people["m_ada"], people["e_abe"])[0]
    with freeze_time(TODAY - dt.timedelta(days=5)):
        closed = factories.active_pair(program, people["m_bo"], people["e_cy"])[0]
        services.close_pair(closed.uuid, reason="Moved on")
    with freeze_time(TODAY):
        on_track = factories.active_pair(program, people["m_lee"], people["e_zed"])[0]
    return program, {"at_risk": at_risk, "needs": needs, "closed": closed, "on_track": on_track}


def pairs_url(program, query: str = "") -> str:
    return f"{API}programs/{program.uuid}/pairs/?{query}"


def mentors(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [item["mentor"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["m_lee", "m_bo", "m_ada", "m_kim"]),  # newest first
        ("-created", ["m_lee", "m_bo", "m_ada", "m_kim"]),
        ("created", ["m_kim", "m_ada", "m_bo", "m_lee"]),
        ("mentor", ["m_ada", "m_bo", "m_kim", "m_lee"]),
        ("-mentor", ["m_lee", "m_kim", "m_bo", "m_ada"]),
        ("mentee", ["m_ada", "m_bo", "m_kim", "m_lee"]),  # e_abe, e_cy, e_yan, e_zed
        ("status", ["m_lee", "m_kim", "m_bo", "m_ada"]),  # active (newest first), closed, proposed
        ("health", ["m_kim", "m_ada", "m_lee", "m_bo"]),  # worst first, ended last
        ("-health", ["m_bo", "m_lee", "m_ada", "m_kim"]),
    ],
)
def test_pairs_sort_on_the_server(ordering, expected):
    program, _pairs = _pairs_world()
    client = client_for(factories.course_staff())
    with freeze_time(TODAY):
        assert mentors(client.get(pairs_url(program, f"ordering={ordering}"))) == expected


def test_pairs_search_page_and_filter_together():
    program, _pairs = _pairs_world()
    client = client_for(factories.course_staff())
    with freeze_time(TODAY):
        # Mentor or mentee username, any case.
        assert mentors(client.get(pairs_url(program, "search=E_ZED"))) == ["m_lee"]
        assert mentors(client.get(pairs_url(program, "search=m_k"))) == ["m_kim"]
        assert mentors(client.get(pairs_url(program, "search=_a&ordering=mentor"))) == ["m_ada"]
        # Health filter, status filter, search, ordering and paging at once.
        page = client.get(pairs_url(program, "status=active,proposed&ordering=health&page_size=2&page=2"))
        assert mentors(page) == ["m_lee"]
        assert (page.json()["count"], page.json()["num_pages"]) == (3, 2)
        open_risky = client.get(pairs_url(program, "health=at_risk&search=yan&ordering=-mentor"))
        assert mentors(open_risky) == ["m_kim"]
        assert client.get(pairs_url(program, "health=on_track&search=kim")).json()["count"] == 0


def test_a_pair_member_searches_only_their_pairs():
    program, _pairs = _pairs_world()
    client = client_for(factories.get_user("m_kim"))
    with freeze_time(TODAY):
        assert mentors(client.get(pairs_url(program, "search=m_&ordering=health"))) == ["m_kim"]
        assert mentors(client.get(pairs_url(program, "search=m_lee"))) == []


def test_a_searched_page_reads_its_rows_by_id_alone():
    """The page's ids are searched, filtered and sorted; its rows are then read by those ids
    alone, without compiling and running the search again (issue 14)."""
    program, _pairs = _pairs_world()
    client = client_for(factories.course_staff())
    with freeze_time(TODAY), CaptureQueriesContext(connection) as queries:
        page = client.get(pairs_url(program, "search=E_&status=active,proposed&ordering=-mentee&page_size=2"))
    assert mentors(page) == ["m_lee", "m_kim"]
    searching = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]
    assert len(searching) == 2, searching  # the count and the page's ids; not the rows


@pytest.mark.parametrize("path", ["participants", "pairs"])
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("ordering=password", "ordering"),
        ("ordering=--username", "ordering"),
        ("ordering=user__password", "ordering"),
        ("ordering=mentor,mentee", "ordering"),
        ("search=" + "x" * 151, "search"),
        ("search=a%0Ab", "search"),
        ("search=a%00b", "search"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=1.5", "page_size"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=%EF%BC%91", "page"),  # a fullwidth 1
    ],
)
def test_wrong_list_parameters_are_400_naming_them(people, path, query, field):
    client = client_for(factories.course_staff())
    response = client.get(f"{API}programs/{people.uuid}/{path}/?{query}")
    assert response.status_code == 400, response.content[:300]
    assert list(response.json()) == [field]


def test_page_size_over_the_limit_gives_the_limit_and_the_rest_on_later_pages(people):
    client = client_for(factories.course_staff())
    for i in range(100):
        factories.join(people, factories.enrolled(f"extra{i:03d}"), "mentee")
    first = client.get(participants_url(people, "page_size=500"))
    assert len(first.json()["results"]) == 100
    assert first.json()["count"] == 107
    assert first.json()["next"] is not None
    last = client.get(participants_url(people, "page_size=500&page=last")).json()
    assert len(last["results"]) == 7
    assert client.get(participants_url(people, "page=3")).status_code == 200  # 20 a page
    assert client.get(participants_url(people, "page=7")).status_code == 404  # past the end
