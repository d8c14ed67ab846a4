"""``factories.built_once``: a world built once per module still looks fresh to every test.

The first test spoils the world in the database and in memory; the second, run after it in the
same module (the order of the file), finds it as built.
"""

from revmentor_plugin import services
from revmentor_plugin.models import Pair
from tests import factories

_world, world = factories.built_once_fixtures(factories.world)


def _as_built(world):
    assert world.users["mentor"].first_name == ""
    assert factories.get_user("mentor").first_name == ""
    assert Pair.objects.count() == 2
    assert services.get_pair(world.pair.uuid).status == "active"


def test_a_test_spoils_the_world(world):
    _as_built(world)
    world.users["mentor"].first_name = "Spoiled"
    world.users["mentor"].save()
    services.close_pair(world.pair.uuid, reason="We are done.")
    Pair.objects.filter(uuid=world.other_pair.uuid).delete()


def test_the_next_test_finds_it_as_built(world):
    _as_built(world)
