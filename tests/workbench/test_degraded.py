"""The blocks degrade gracefully in runtimes that lack a service they only *want*.

The blocks declare ``@XBlock.wants("user")`` and ``@XBlock.wants("i18n")``: a runtime may leave
either out, or offer a user service that knows nothing of edx-platform. Covered:

* the workbench's own user service (``WorkBenchUserService``: only ``xblock-workbench.user_id``,
  none of the platform's attributes): every view answers 200 and the learner views say "Sign in
  to take part", even for a student id that is a real, enrolled learner; handlers answer 403;
* no ``i18n`` service: XBlock's ``ToyRuntime`` (field data only; XBlock's base ``Runtime`` gives
  it nothing but its ``NullI18nService`` fallback, and no user), and the workbench's runtime with
  its i18n service removed altogether (``service(block, "i18n")`` is None), for a learner in each
  block's main work.
"""

from __future__ import annotations

import html
import json

import pytest

from tests.workbench.support import (
    BLOCK_TYPES,
    MAIN_WORK,
    SIGN_IN,
    VIEW_MARKERS,
    VIEWS,
    block_usage_id,
    handler_url,
    page,
    rendered_block,
    scenario_url,
)

pytestmark = pytest.mark.usefixtures("workbench_state")


@pytest.fixture
def sdk_user_service(settings):
    """The workbench as shipped: its settings name no ``user`` service, so its own is used."""
    services = {name: path for name, path in settings.WORKBENCH["services"].items() if name != "user"}
    settings.WORKBENCH = {**settings.WORKBENCH, "services": services}


@pytest.fixture
def no_i18n(monkeypatch):
    """The workbench's views build a runtime without the ``i18n`` service; returns the blocks
    that asked for it (so a test knows the service was wanted and refused)."""
    from workbench import views
    from workbench.runtime import WorkbenchRuntime

    asked: list[str] = []

    class RuntimeWithoutI18n(WorkbenchRuntime):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            del self._services["i18n"]

        def service(self, block, service_name):
            found = super().service(block, service_name)
            if service_name == "i18n":
                assert found is None
                asked.append(block.scope_ids.block_type)
            return found

    monkeypatch.setattr(views, "WorkbenchRuntime", RuntimeWithoutI18n)
    return asked


@pytest.mark.usefixtures("sdk_user_service")
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("block_type", BLOCK_TYPES)
def test_sdk_user_service_every_view_answers_200(client, world, program_scenarios, block_type, view):
    from workbench.runtime import WorkbenchRuntime, WorkBenchUserService

    scenario = program_scenarios(block_type, world.program)
    student = world.main_user(block_type).username
    runtime = WorkbenchRuntime(student)
    block = runtime.get_block(block_usage_id(scenario))
    assert type(runtime.service(block, "user")) is WorkBenchUserService

    text = page(client.get(scenario_url(scenario, view, student=student)))
    rendered_block(text, block_type)
    if view == "student_view":
        assert 'data-state="anonymous"' in text
        assert SIGN_IN in text
        assert MAIN_WORK[block_type] not in text
    else:
        for marker in VIEW_MARKERS[view]:
            assert marker in text


@pytest.mark.usefixtures("sdk_user_service")
@pytest.mark.parametrize(
    ("block_type", "handler", "payload"),
    [
        ("revmentor_pairing", "join", {"role": "mentee", "languages": ["en"]}),
        ("revmentor_goals", "add_goal", {"title": "Learn pivot tables"}),
        ("revmentor_session_log", "log_session", {"duration_minutes": 30, "led_by": "mentor"}),
        ("revmentor_reflection", "submit", {"body": "Good week."}),
    ],
)
def test_sdk_user_service_handlers_answer_403(client, world, program_scenarios, block_type, handler, payload):
    usage_id = block_usage_id(program_scenarios(block_type, world.program))
    url = handler_url(usage_id, handler, world.main_user(block_type).username)
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 403, response.content[:500]
    assert json.loads(response.content)["error"]["message"] == "Sign in to take part."


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("block_type", BLOCK_TYPES)
def test_toy_runtime_without_any_service_renders(world, block_type, view):
    from xblock.runtime import NullI18nService
    from xblock.test.toy_runtime import ToyRuntime

    runtime = ToyRuntime(user_id=world.main_user(block_type).username)
    assert runtime.service.__func__ is ToyRuntime.service  # XBlock's own lookup, no override
    usage_id = runtime.parse_xml_string(f'<{block_type} program_id="{world.program.uuid}"/>')
    block = runtime.get_block(usage_id)
    # XBlock's base Runtime falls back to NullI18nService (no catalog, no translation functions
    # beyond gettext's); the workbench test below removes i18n altogether.
    assert type(runtime.service(block, "i18n")) is NullI18nService
    assert runtime.service(block, "user") is None

    text = html.unescape(block.render(view, {}).body_html())
    if view == "student_view":
        assert 'data-state="anonymous"' in text
        assert SIGN_IN in text
    else:
        for marker in VIEW_MARKERS[view]:
            assert marker in text


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("block_type", BLOCK_TYPES)
def test_workbench_without_i18n_renders_a_learners_views(
    client, world, program_scenarios, no_i18n, block_type, view
):
    scenario = program_scenarios(block_type, world.program)
    text = page(client.get(scenario_url(scenario, view, student=world.main_user(block_type).username)))
    rendered_block(text, block_type)
    # The block asked for i18n and got None. studio_view (StudioEditableXBlockMixin) translates its
    # field labels with ``self.ugettext`` whenever the block declares i18n; XBlock's own would read
    # ``None.ugettext`` here, the block's falls back to Django's catalog.
    assert block_type in no_i18n
    if view == "student_view":
        assert MAIN_WORK[block_type] in text
        assert SIGN_IN not in text
    else:
        for marker in VIEW_MARKERS[view]:
            assert marker in text
