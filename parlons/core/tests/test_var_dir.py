"""Where an installation keeps its data (PARLONS_VAR_DIR): never inside the installed package."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parlons.settings import BASE_DIR, default_var_dir

pytestmark = pytest.mark.engine


@pytest.fixture
def places(tmp_path):
    """A source checkout, an installed package, a system state folder and a home, all fake."""
    checkout = tmp_path / "checkout"
    (checkout / "parlons").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("[project]\nname = 'parlons'\n", encoding="utf-8")
    installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "parlons"
    installed.mkdir(parents=True)
    return {
        "checkout": checkout / "parlons",
        "installed": installed,
        "system": tmp_path / "var-lib-parlons",
        "home": tmp_path / "home",
    }


def test_var_dir_given_is_used_as_an_absolute_path(places, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert default_var_dir("donnees", places["installed"], {}) == tmp_path / "donnees"
    assert default_var_dir("~/parlons", places["installed"], {"HOME": "/ailleurs"}) == (
        Path("~/parlons").expanduser()
    )


def test_var_dir_of_a_source_checkout_is_its_var_folder(places):
    home = {"HOME": str(places["home"])}

    assert default_var_dir(None, places["checkout"], home) == places["checkout"].parent / "var"
    assert default_var_dir("", places["checkout"], home) == places["checkout"].parent / "var"


def test_var_dir_of_an_installed_package_is_in_the_home_not_in_site_packages(places):
    environ = {"HOME": str(places["home"])}

    assert default_var_dir(None, places["installed"], environ, places["system"]) == (
        places["home"] / ".local" / "share" / "parlons"
    )
    # A pyproject.toml that some other package left in site-packages changes nothing.
    (places["installed"].parent / "pyproject.toml").write_text("", encoding="utf-8")
    assert default_var_dir(None, places["installed"], environ, places["system"]) == (
        places["home"] / ".local" / "share" / "parlons"
    )


def test_var_dir_follows_xdg_data_home_when_it_is_an_absolute_path(places, tmp_path):
    xdg = {"HOME": str(places["home"]), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    relative = {"HOME": str(places["home"]), "XDG_DATA_HOME": "xdg"}

    assert default_var_dir(None, places["installed"], xdg, places["system"]) == (
        tmp_path / "xdg" / "parlons"
    )
    assert default_var_dir(None, places["installed"], relative, places["system"]) == (
        places["home"] / ".local" / "share" / "parlons"
    )


def test_var_dir_of_a_system_service_is_its_state_folder_when_it_may_write_there(places):
    places["system"].mkdir()
    environ = {"HOME": str(places["home"])}

    assert (
        default_var_dir(None, places["installed"], environ, places["system"]) == (places["system"])
    )
    # A source checkout keeps its own var/ even then: `make run` never touches the service's data.
    assert default_var_dir(None, places["checkout"], environ, places["system"]) == (
        places["checkout"].parent / "var"
    )


@pytest.mark.skipif(Path("/var/lib/parlons").exists(), reason="this machine has /var/lib/parlons")
def test_settings_of_an_installed_package_put_the_database_in_the_home(tmp_path):
    site_packages = tmp_path / "site-packages"
    (site_packages / "parlons").mkdir(parents=True)
    (site_packages / "parlons" / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(BASE_DIR / "parlons" / "settings.py", site_packages / "parlons" / "settings.py")
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PARLONS_VAR_DIR", "PARLONS_DATABASE_URL", "XDG_DATA_HOME"}
    }
    environ.update(PYTHONPATH=str(site_packages), HOME=str(tmp_path / "home"))

    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import parlons.settings as s; print(s.__file__); print(s.VAR_DIR); "
            "print(s.DATABASES['default']['NAME'])",
        ],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()

    data = tmp_path / "home" / ".local" / "share" / "parlons"
    assert shown == [
        str(site_packages / "parlons" / "settings.py"),
        str(data),
        str(data / "parlons.sqlite3"),
    ]
    assert data.is_dir()
