"""Translations come from openedx-translations through openedx-atlas (OEP-58), and Django finds them.

``atlas pull`` runs for real against a local git repository laid out as openedx-translations
(``translations/<repository>/<package>/conf/locale/<language>/LC_MESSAGES/django.po``): atlas
fetches ``https://github.com/<repository>.git``, which git's own ``url.<base>.insteadOf`` points
at the local copy, so nothing leaves this machine. Two pulls: the repository's ``atlas.yml``
(``make pull_translations``), and the command edx-platform's ``pull_xblock_translations`` runs
(``openedx/core/djangoapps/plugins/i18n_api.py`` atlas_pull_by_modules, in
``REPO_ROOT/conf/plugins-locale/xblock.v1``), after which the plugin's settings put the pulled
catalog first on ``LOCALE_PATHS`` and the page's strings read in that language.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.test import override_settings
from django.utils import translation

from revmentor_plugin.settings import common

ROOT = Path(__file__).resolve().parents[1]
ATLAS = shutil.which("atlas", path=str(Path(os.sys.executable).parent)) or shutil.which("atlas")
SLUG = "local-mirror/openedx-translations"
SOURCE = "Why you were matched"
FRENCH = "Pourquoi vous avez été mis en relation"

pytestmark = pytest.mark.skipif(not (ATLAS and shutil.which("git")), reason="atlas and git are needed")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],  # noqa: S607
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def translations_repo(tmp_path) -> dict[str, str]:
    """A bare git repository shaped like openedx-translations with revmentor's French catalog,
    and the environment that sends atlas's github.com address to it."""
    work = tmp_path / "work"
    french = work / "translations" / "revmentor-plugin" / "revmentor_plugin" / "conf" / "locale" / "fr"
    (french / "LC_MESSAGES").mkdir(parents=True)
    english = ROOT / "revmentor_plugin" / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(english))
    catalog.metadata["Language"] = "fr"
    for entry in catalog:
        entry.msgstr = FRENCH if entry.msgid == SOURCE and not entry.msgid_plural else entry.msgstr
    catalog.save(str(french / "LC_MESSAGES" / "django.po"))
    git("init", "-q", "-b", "main", ".", cwd=work)
    git("add", ".", cwd=work)
    git("commit", "-q", "-m", "translations", cwd=work)
    remote = tmp_path / "remote"
    (remote / SLUG.split("/")[0]).mkdir(parents=True)
    git("clone", "-q", "--bare", str(work), str(remote / f"{SLUG}.git"), cwd=tmp_path)
    return {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.file://{remote}/.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://github.com/",
    }


def atlas(*args: str, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run([ATLAS, "pull", "--silent", *args], cwd=cwd, env=env, check=True)


def test_atlas_yml_pulls_the_packages_catalogs_into_conf_locale(tmp_path, translations_repo):
    checkout = tmp_path / "checkout"
    (checkout / "revmentor_plugin" / "conf" / "locale").mkdir(parents=True)
    shutil.copy(ROOT / "atlas.yml", checkout / "atlas.yml")
    atlas("--repository", SLUG, cwd=checkout, env=translations_repo)
    pulled = checkout / "revmentor_plugin" / "conf" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert polib.pofile(str(pulled)).find(SOURCE).msgstr == FRENCH
    assert not (checkout / "translations_TEMP").exists()


def test_the_platforms_pull_lands_where_the_plugin_settings_look(tmp_path, translations_repo):
    repo_root = tmp_path / "edx-platform"
    xblock_locale = repo_root / "conf" / "plugins-locale" / "xblock.v1"
    xblock_locale.mkdir(parents=True)
    settings = SimpleNamespace(REPO_ROOT=repo_root, LOCALE_PATHS=["/edx/app/edxapp/edx-platform/conf/locale"])
    common.add_locale_paths(settings)
    assert settings.LOCALE_PATHS[1:] == [str(common.BUNDLED_LOCALE)], "nothing pulled yet"

    # pull_xblock_translations, for the package named by the blocks' entry points
    atlas(
        "--expand-glob",
        "--repository",
        SLUG,
        "translations/*/revmentor_plugin/conf/locale:revmentor_plugin",
        cwd=xblock_locale,
        env=translations_repo,
    )
    # compile_xblock_translations compiles each .po next to it (msgfmt there; polib here)
    po = xblock_locale / "revmentor_plugin" / "fr" / "LC_MESSAGES" / "django.po"
    polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))

    settings = SimpleNamespace(REPO_ROOT=repo_root, LOCALE_PATHS=["/edx/app/edxapp/edx-platform/conf/locale"])
    common.add_locale_paths(settings)
    common.add_locale_paths(settings)  # production settings apply it again: no duplicates
    expected = [
        "/edx/app/edxapp/edx-platform/conf/locale",
        str(xblock_locale / "revmentor_plugin"),
        str(common.BUNDLED_LOCALE),
    ]
    assert expected == settings.LOCALE_PATHS
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS), translation.override("fr"):
        assert translation.gettext(SOURCE) == FRENCH
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS), translation.override("eo"):
        assert translation.gettext(SOURCE).startswith("Whý ýöü wéré mätçhéd")


def test_a_derived_locale_paths_setting_is_left_for_production_settings():
    derived = SimpleNamespace(LOCALE_PATHS=lambda settings: [], REPO_ROOT=Path("/nowhere"))
    common.add_locale_paths(derived)
    assert callable(derived.LOCALE_PATHS)
