"""Proposing, agreeing, declining and closing pairs, and the invariants behind them."""

import pytest

from revmentor_plugin import services
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from tests import factories

pytestmark = pytest.mark.django_db


def _participants(program, *pairs):
    users = {}
    for username, role, extra in pairs:
        users[username] = factories.enrolled(username)
        factories.join(program, users[username], role, **extra)
    return users


def test_propose_then_both_accept_activates(program):
    users = _participants(program, ("jun", "mentor", {}), ("sen", "mentee", {}))
    pair = services.propose_pair(program.uuid, mentor="jun", mentee="sen", explanation=["Both like jazz"])
    assert (pair.status, pair.source, pair.accepted_by) == ("proposed", "staff", ())
    assert pair.explanation == ("Both like jazz",)
    assert pair.health.status == "on_track"
    half = services.accept_agreement(pair.uuid, user=users["jun"])
    assert (half.status, half.accepted_by) == ("proposed", ("mentor",))
    again = services.accept_agreement(pair.uuid, user=users["jun"])
    assert again.accepted_by == ("mentor",)
    full = services.accept_agreement(pair.uuid, user=users["sen"])
    assert (full.status, full.accepted_by) == ("active", ("mentor", "mentee"))
    assert full.activated_at is not None


def test_new_expectations_must_be_accepted_again(program):
    pair, mentor, _mentee = factories.active_pair(program)
    services.update_program(program.uuid, expectations="Meet weekly, mentee drives.")
    reread = services.get_pair(pair.uuid)
    assert reread.status == "active"
    assert reread.accepted_by == ()
    assert reread.health.status == "needs_attention"
    assert "have not accepted them yet" in reread.health.reasons[0]  # both of them
    assert services.accept_agreement(pair.uuid, user=mentor).accepted_by == ("mentor",)


@pytest.mark.parametrize(
    ("mentor", "mentee", "field"),
    [
        ("sen", "sen", "mentee"),
        ("jun", "jun", "mentee"),
        ("sen", "jun", "mentor"),
        ("jun", "ghost", "mentee"),
        ("", "sen", "mentor"),
        (None, "sen", "mentor"),
    ],
)
def test_propose_rejects_wrong_people(program, mentor, mentee, field):
    _participants(program, ("jun", "mentor", {}), ("sen", "mentee", {}))
    with pytest.raises(InvalidInput) as exc:
        services.propose_pair(program.uuid, mentor=mentor, mentee=mentee)
    assert field in exc.value.errors


def test_people_of_another_program_cannot_be_paired(program):
    other = factories.program(name="Other")
    factories.join(other, factories.enrolled("outsider"), "mentor")
    _participants(program, ("sen", "mentee", {}))
    with pytest.raises(InvalidInput) as exc:
        services.propose_pair(program.uuid, mentor="outsider", mentee="sen")
    assert "mentor" in exc.value.errors


def test_a_mentee_has_one_open_pair(program):
    _participants(program, ("m1", "mentor", {}), ("m2", "mentor", {}), ("sen", "mentee", {}))
    services.propose_pair(program.uuid, mentor="m1", mentee="sen")
    with pytest.raises(Conflict) as exc:
        services.propose_pair(program.uuid, mentor="m2", mentee="sen")
    assert exc.value.field == "mentee"
    assert len(services.pairs_of_program(program.uuid)) == 1


def test_a_mentor_never_exceeds_capacity(program):
    _participants(
        program,
        ("m1", "mentor", {"capacity": 2}),
        ("a", "mentee", {}),
        ("b", "mentee", {}),
        ("c", "mentee", {}),
    )
    first = services.propose_pair(program.uuid, mentor="m1", mentee="a")
    services.propose_pair(program.uuid, mentor="m1", mentee="b")
    with pytest.raises(Conflict) as exc:
        services.propose_pair(program.uuid, mentor="m1", mentee="c")
    assert exc.value.field == "mentor"
    services.close_pair(first.uuid, reason="Schedules clash")
    assert services.propose_pair(program.uuid, mentor="m1", mentee="c").status == "proposed"


def test_withdrawn_participants_cannot_be_paired(program):
    _participants(program, ("m1", "mentor", {}), ("sen", "mentee", {}))
    services.withdraw_participant(program.uuid, "sen")
    with pytest.raises(Conflict):
        services.propose_pair(program.uuid, mentor="m1", mentee="sen")


def test_decline(program):
    pair, mentor, mentee = factories.proposed_pair(program)
    declined = services.decline_pair(pair.uuid, user=mentee)
    assert (declined.status, declined.closed_reason) == ("declined", "Declined by the mentee.")
    assert declined.health is None
    with pytest.raises(InvalidTransition):
        services.decline_pair(pair.uuid, user=mentor)
    with pytest.raises(InvalidTransition):
        services.accept_agreement(pair.uuid, user=mentor)


def test_only_members_accept_or_decline(program):
    pair, *_ = factories.proposed_pair(program)
    stranger = factories.enrolled()
    with pytest.raises(NotFound):
        services.accept_agreement(pair.uuid, user=stranger)
    with pytest.raises(NotFound):
        services.decline_pair(pair.uuid, user=stranger)


def test_active_pairs_cannot_be_declined_but_can_close_or_complete(program):
    pair, mentor, _ = factories.active_pair(program)
    with pytest.raises(InvalidTransition):
        services.decline_pair(pair.uuid, user=mentor)
    with pytest.raises(InvalidInput) as exc:
        services.close_pair(pair.uuid, reason="  ")
    assert "reason" in exc.value.errors
    done = services.close_pair(pair.uuid, reason="Goals met", completed=True)
    assert (done.status, done.closed_reason) == ("completed", "Goals met")
    with pytest.raises(InvalidTransition):
        services.close_pair(pair.uuid, reason="again")


def test_only_active_pairs_complete(program):
    pair, *_ = factories.proposed_pair(program)
    with pytest.raises(InvalidTransition):
        services.close_pair(pair.uuid, reason="done", completed=True)


def test_pairs_of_user_and_filters(program):
    pair, mentor, _mentee = factories.active_pair(program)
    other, *_ = factories.proposed_pair(program)
    assert [p.uuid for p in services.pairs_of_user(mentor)] == [pair.uuid]
    assert [p.uuid for p in services.pairs_of_program(program.uuid, statuses=["proposed"])] == [other.uuid]
    assert {p.uuid for p in services.pairs_of_program(program.uuid, health="on_track")} == {
        pair.uuid,
        other.uuid,
    }
    assert services.open_pair_of(program.uuid, mentor).uuid == pair.uuid


def test_health_counts(program):
    factories.active_pair(program)
    factories.proposed_pair(program)
    assert services.health_counts(program.uuid) == {
        "on_track": 2,
        "needs_attention": 0,
        "at_risk": 0,
        "total": 2,
    }


def test_listing_pairs_costs_the_same_for_1_and_20(program, django_assert_num_queries):
    factories.active_pair(program)
    # program; pairs (+program, people joined); acceptances. Health is stored (ADR 0016).
    with django_assert_num_queries(3):
        services.pairs_of_program(program.uuid)
    for _ in range(19):
        factories.active_pair(program)
    with django_assert_num_queries(3):
        assert len(services.pairs_of_program(program.uuid)) == 20
