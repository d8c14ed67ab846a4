"""The sandbox instructor dashboard runs both real filter pipelines and links to the staff page."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
URL = f"/courses/{factories.COURSE}/instructor/"


def test_course_staff_see_the_tab_and_the_section(client):
    factories.active_pair(factories.program(name="Exchange"))
    client.force_login(factories.course_staff())
    html = client.get(URL).content.decode()
    staff_page = f"/revmentor/courses/{factories.COURSE}/"
    assert f'href="{staff_page}" data-tab-id="revmentor"' in html
    assert 'data-tab-id="host_reports"' in html
    assert 'data-section-key="revmentor"' in html
    assert "Exchange" in html
    assert (
        html.index('data-tab-id="data_downloads"')
        < html.index('data-tab-id="host_reports"')
        < html.index('data-tab-id="revmentor"')
    )


def test_learners_and_strangers_do_not_get_in(client):
    client.force_login(factories.enrolled())
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302
