"""Both instructor dashboards, as people reach them: the legacy page (Mako, its sections included
by template path) and the MFE's tab list (linked by InstructorNav.tsx's rule)."""

import pytest
from django.conf import settings
from mako.exceptions import TemplateLookupException

from revmentor_plugin.settings.common import MAKO_TEMPLATES
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.host_contract]
LEGACY = f"/courses/{factories.COURSE}/instructor/"
MFE = f"/instructor-dashboard/{factories.COURSE}/"
STAFF_PAGE = f"/revmentor/courses/{factories.COURSE}/"


def test_course_staff_get_our_section_on_the_legacy_dashboard(client):
    factories.active_pair(factories.program(name="Exchange"))
    client.force_login(factories.course_staff())
    html = client.get(LEGACY).content.decode()
    assert 'data-section="revmentor"' in html  # the dashboard's own nav button
    assert '<section id="revmentor" class="idash-section"' in html
    assert '<div class="revmentor-dashboard-section" data-section-key="revmentor">' in html
    assert "Exchange" in html
    assert f'<a href="{STAFF_PAGE}">' in html  # the Django template's HTML, not escaped by Mako


def test_the_section_needs_our_mako_directory(client, monkeypatch):
    """As in the LMS, the page includes ``/instructor_dashboard/revmentor.html`` from the Mako
    directories: without the one the plugin registers, the page fails."""
    factories.program()
    client.force_login(factories.course_staff())
    dirs = [d for d in settings.MAKO_TEMPLATE_DIRS_BASE if d != MAKO_TEMPLATES]
    monkeypatch.setattr(settings, "MAKO_TEMPLATE_DIRS_BASE", dirs)
    with pytest.raises(TemplateLookupException, match=r"instructor_dashboard/revmentor\.html"):
        client.get(LEGACY)


@pytest.mark.parametrize(
    ("who", "status", "has_section"),
    [
        (lambda: factories.org_staff(), 200, True),
        (lambda: factories.course_role("limited_staff"), 200, True),
        (lambda: factories.course_role("data_researcher"), 200, False),
        (lambda: factories.enrolled(), 404, False),
    ],
)
def test_who_reaches_the_legacy_dashboard_and_our_section(client, who, status, has_section):
    factories.program()
    client.force_login(who())
    response = client.get(LEGACY)
    assert response.status_code == status
    assert ('id="revmentor"' in response.content.decode()) is has_section


def test_the_mfe_links_our_tab_out_to_the_lms_page(client):
    client.force_login(factories.course_staff())
    html = client.get(MFE).content.decode()
    assert f'<a href="http://127.0.0.1:8000{STAFF_PAGE}" data-tab-id="revmentor">' in html
    assert '<span data-tab-id="grading" data-mfe-route=' in html  # built-in tabs stay inside
    assert html.index('data-tab-id="data_downloads"') < html.index('data-tab-id="revmentor"')


def test_learners_and_strangers_do_not_get_in(client):
    client.force_login(factories.enrolled())
    assert client.get(LEGACY).status_code == 404
    assert client.get(MFE).status_code == 404
    client.logout()
    assert client.get(MFE).status_code == 404
