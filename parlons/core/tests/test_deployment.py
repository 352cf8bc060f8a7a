"""Production behind a TLS proxy, as docs/deployment.md and deploy/ describe it.

The settings come from deploy/parlons.env.example, read by `sh` as the
documented `parlons` wrapper reads it (systemd reads the same lines); the
proxy is simulated by the headers nginx and Caddy set.
"""

import json
import os
import re
import runpy
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, override_settings

from parlons.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "parlons.env.example"
PARLONS = Path(sys.executable).with_name("parlons")
PUBLIC = "https://participer.example.fr"
HOST = "participer.example.fr"
# The settings the proxy changes, applied to the running test process.
PROXY_SETTINGS = [
    "PUBLIC_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "PARLONS_CLIENT_ADDRESS_HEADER",
]


def env_file_variables(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """The PARLONS_* variables a shell gets from the file (`set -a; . file`)."""
    output = subprocess.run(
        ["sh", "-c", f"set -a; . {shlex.quote(str(path))}; env -0"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
    ).stdout.decode()
    pairs = (item.split("=", 1) for item in output.split("\0") if "=" in item)
    return {name: value for name, value in pairs if name.startswith("PARLONS_")}


def secrets_in_temporary_files(variables: dict[str, str], folder: Path) -> dict[str, str]:
    """The same variables with each secret file (/etc/parlons/...) made in `folder`."""
    variables = dict(variables)
    for name, value in list(variables.items()):
        if name.endswith("_FILE"):
            secret = folder / Path(value).name
            secret.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            variables[name] = str(secret)
    return variables


def check_deploy(variables: dict[str, str], home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PARLONS), "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": os.environ["PATH"], "HOME": str(home), **variables},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=home,
    )


def settings_from(variables: dict[str, str], monkeypatch) -> dict:
    """parlons/settings.py as it reads these variables (and no other PARLONS_* one)."""
    for name in list(os.environ):
        if name.startswith("PARLONS_") and name != "PARLONS_TESTING":
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "parlons" / "settings.py"))


@pytest.fixture
def production(tmp_path, monkeypatch):
    """The proxy settings that deploy/parlons.env.example gives, ready for override_settings."""
    variables = secrets_in_temporary_files(env_file_variables(), tmp_path)
    variables["PARLONS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    values = settings_from(variables, monkeypatch)
    return {name: values[name] for name in PROXY_SETTINGS}


# The documented settings pass Django's deployment checks ----------------------------------


def test_the_env_example_passes_check_deploy(tmp_path):
    variables = secrets_in_temporary_files(env_file_variables(), tmp_path)
    result = check_deploy(variables, tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_the_proxy_is_not_trusted(tmp_path):
    variables = secrets_in_temporary_files(env_file_variables(), tmp_path)
    del variables["PARLONS_BEHIND_PROXY"]
    result = check_deploy(variables, tmp_path)
    assert result.returncode == 1
    assert "security.W008" in result.stderr  # no redirection to https


def test_the_env_example_gives_the_proxy_settings(production):
    assert production == {
        "PUBLIC_URL": PUBLIC,
        "ALLOWED_HOSTS": [HOST],
        "CSRF_TRUSTED_ORIGINS": [PUBLIC],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "PARLONS_CLIENT_ADDRESS_HEADER": "X-Real-IP",
    }


def test_a_local_install_keeps_plain_http_and_local_hosts(tmp_path, monkeypatch):
    values = settings_from({"PARLONS_DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}, monkeypatch)
    assert (
        values["PUBLIC_URL"],
        values["SITE_URL"],
        values["ALLOWED_HOSTS"],
        values["CSRF_TRUSTED_ORIGINS"],
        values["SECURE_SSL_REDIRECT"],
        values["SESSION_COOKIE_SECURE"],
        "SECURE_PROXY_SSL_HEADER" in values,
    ) == ("", "http://127.0.0.1:8000", ["127.0.0.1", "localhost", "[::1]"], [], False, False, False)


def test_the_former_site_url_setting_is_still_read(tmp_path, monkeypatch):
    values = settings_from(
        {
            "PARLONS_DATABASE_URL": f"sqlite:///{tmp_path / 'db'}",
            "PARLONS_SITE_URL": "https://concertation.example.fr/",
        },
        monkeypatch,
    )
    assert (values["PUBLIC_URL"], values["SITE_URL"], values["ALLOWED_HOSTS"]) == (
        "https://concertation.example.fr",
        "https://concertation.example.fr",
        ["concertation.example.fr"],
    )


@pytest.mark.parametrize(
    "value", ["participer.example.fr", "ftp://participer.example.fr", "https://x.fr/parlons"]
)
def test_a_public_url_that_is_not_an_address_stops_the_start(value, tmp_path, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="^PARLONS_PUBLIC_URL must be an address"):
        settings_from(
            {"PARLONS_DATABASE_URL": f"sqlite:///{tmp_path / 'db'}", "PARLONS_PUBLIC_URL": value},
            monkeypatch,
        )


# Forms through the proxy --------------------------------------------------------------------


def through_proxy(client: Client, method: str, path: str, proto: str | None = "https", **extra):
    """A request as gunicorn receives it from nginx: plain http, the proxy's headers."""
    headers = {"HTTP_HOST": HOST, "HTTP_X_REAL_IP": "203.0.113.7", **extra}
    if proto is not None:
        headers["HTTP_X_FORWARDED_PROTO"] = proto
    return getattr(client, method)(path, **headers)


def sign_in_form(client: Client) -> dict:
    page = through_proxy(client, "get", "/compte/connexion/?next=/compte/profil/")
    assert page.status_code == 200
    return {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}


@pytest.mark.django_db
def test_sign_in_through_the_tls_proxy(production, citizen):
    with override_settings(**production):
        client = Client(enforce_csrf_checks=True)
        form = sign_in_form(client)
        assert client.cookies["csrftoken"]["secure"] is True
        response = client.post(
            "/compte/connexion/?next=/compte/profil/",
            {**form, "username": citizen.email, "password": PASSWORD},
            HTTP_HOST=HOST,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_ORIGIN=PUBLIC,
            HTTP_REFERER=f"{PUBLIC}/compte/connexion/?next=/compte/profil/",
        )
        assert (response.status_code, response["Location"]) == (302, "/compte/profil/")
        assert response["Strict-Transport-Security"] == "max-age=31536000"
        assert client.cookies["sessionid"]["secure"] is True
        profile = through_proxy(client, "get", "/compte/profil/")
        assert (profile.status_code, profile.wsgi_request.user) == (200, citizen)


@pytest.mark.django_db
def test_a_form_reached_in_plain_http_is_sent_to_https(production, citizen):
    with override_settings(**production):
        client = Client(enforce_csrf_checks=True)
        form = sign_in_form(client)
        response = client.post(
            "/compte/connexion/?next=/compte/profil/",
            {**form, "username": citizen.email, "password": PASSWORD},
            HTTP_HOST=HOST,
            HTTP_ORIGIN=PUBLIC,
        )
        assert (response.status_code, response["Location"]) == (
            301,
            f"{PUBLIC}/compte/connexion/?next=/compte/profil/",
        )
        assert "sessionid" not in client.cookies
        # The health check answers a local probe without TLS.
        assert through_proxy(client, "get", "/sante/", proto=None).status_code == 200


@pytest.mark.django_db
def test_a_form_posted_from_another_site_is_refused_behind_the_proxy(production, citizen):
    with override_settings(**production):
        client = Client(enforce_csrf_checks=True)
        form = sign_in_form(client)
        response = client.post(
            "/compte/connexion/",
            {**form, "username": citizen.email, "password": PASSWORD},
            HTTP_HOST=HOST,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_ORIGIN="https://ailleurs.example.com",
        )
        assert response.status_code == 403
        assert "sessionid" not in client.cookies


@pytest.mark.django_db
def test_another_host_name_is_refused_behind_the_proxy(production):
    with override_settings(**production):
        response = Client().get("/", HTTP_HOST="piege.example.com", HTTP_X_FORWARDED_PROTO="https")
        assert response.status_code == 400


# Absolute links use the public address -------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the e-mail leaves when the write is saved
@override_settings(PUBLIC_URL=PUBLIC)
def test_the_password_reset_link_uses_the_public_address(client, citizen):
    client.post("/compte/mot-de-passe/", {"email": citizen.email}, HTTP_HOST="127.0.0.1")
    links = re.findall(r"\S+/compte/mot-de-passe/\S+/\S+/", mail.outbox[0].body)
    assert len(links) == 1 and links[0].startswith(f"{PUBLIC}/compte/mot-de-passe/")


@pytest.mark.django_db(transaction=True)
def test_the_password_reset_link_uses_the_request_host_without_a_public_address(client, citizen):
    client.post("/compte/mot-de-passe/", {"email": citizen.email}, HTTP_HOST="localhost")
    assert "http://localhost/compte/mot-de-passe/" in mail.outbox[0].body


@pytest.mark.django_db
@override_settings(PUBLIC_URL=PUBLIC)
def test_opt_out_links_use_the_public_address(citizen):
    from parlons.accounts.optout import optout_url

    assert optout_url(citizen, "replies").startswith(f"{PUBLIC}/compte/")


# Static files: hashed names, kept a year --------------------------------------------------------


@pytest.fixture(scope="module")
def hashed_static_root(tmp_path_factory):
    """collectstatic with the production storage into a folder of its own."""
    from django.core.management import call_command

    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--no-input", verbosity=0)
    return root


PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_keeps_static_files_under_hashed_names(tmp_path):
    # In a process of its own: the suite's settings keep plain names (settings.TESTING).
    variables = secrets_in_temporary_files(env_file_variables(), tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.STORAGES['staticfiles']['BACKEND'])",
        ],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "parlons.settings", **variables},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == PRODUCTION_STORAGES["staticfiles"]["BACKEND"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/compte/connexion/", 200), ("/page-disparue/", 404)]
)
def test_pages_use_hashed_static_names_served_for_a_year(path, status, hashed_static_root):
    with override_settings(STATIC_ROOT=hashed_static_root, STORAGES=PRODUCTION_STORAGES):
        client = Client()
        page = client.get(path)
        assert page.status_code == status
        names = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
        assert names, f"{path} links no static file"
        for name in names:
            assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), f"{name} has no hashed name"
            response = client.get(name)
            assert response.status_code == 200, name
            assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        # The plain name is still served, but may change: browsers ask again.
        plain = client.get("/static/core/parlons.css")
        assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]


# deploy/, the Containerfile and compose.yaml stay in line --------------------------------------

HARDENING = {
    "NoNewPrivileges": "true",
    "PrivateTmp": "true",
    "ProtectSystem": "strict",
    "ReadWritePaths": "/var/lib/parlons",
    "ProtectHome": "true",
}


def unit_options(name: str) -> dict[str, str]:
    """The [Service] options of a systemd unit of deploy/ (one value per option)."""
    options, section = {}, ""
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            options[key] = value
    return options


def gunicorn_options(command: list[str]) -> list[str]:
    """gunicorn's arguments but the address it listens on (loopback or container)."""
    words = command[command.index(next(w for w in command if w.endswith("gunicorn"))) + 1 :]
    at = words.index("--bind")
    return words[:at] + words[at + 2 :]


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("parlons-web.service", "/opt/parlons/venv/bin/gunicorn parlons.wsgi"),
        ("parlons-worker.service", "/opt/parlons/venv/bin/parlons db_worker"),
    ],
)
def test_the_systemd_units_run_as_parlons_hardened_with_the_env_file(unit, command):
    options = unit_options(unit)
    assert options["ExecStart"].startswith(command)
    assert (options["User"], options["Group"]) == ("parlons", "parlons")
    assert options["EnvironmentFile"] == "/etc/parlons/parlons.env"
    assert {key: options.get(key) for key in HARDENING} == HARDENING
    # Where Parlons writes is where the env example puts its data.
    variables = env_file_variables()
    for name in ("PARLONS_VAR_DIR", "PARLONS_STATIC_ROOT", "PARLONS_MEDIA_ROOT"):
        assert variables[name].startswith(options["ReadWritePaths"])


def test_the_worker_unit_runs_a_command_parlons_has():
    from django.core.management import get_commands

    assert unit_options("parlons-worker.service")["ExecStart"].split()[1] in get_commands()


def test_the_proxies_set_the_headers_parlons_trusts_and_serve_media():
    variables = env_file_variables()
    media = variables["PARLONS_MEDIA_ROOT"]
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert f"proxy_set_header {variables['PARLONS_CLIENT_ADDRESS_HEADER']} $remote_addr;" in nginx
    assert f"alias {media}/;" in nginx
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert f"header_up {variables['PARLONS_CLIENT_ADDRESS_HEADER']} {{remote_host}}" in caddy
    assert f"root * {media}" in caddy
    # Both forward to where parlons-web.service listens.
    bind = unit_options("parlons-web.service")["ExecStart"].split("--bind ")[1].split()[0]
    assert f"proxy_pass http://{bind};" in nginx and f"reverse_proxy {bind}" in caddy


def entrypoint_branch(name: str) -> list[list[str]]:
    """The commands the container's entry point runs for `web`, `worker`..., in order."""
    script = (DEPLOY / "container-entrypoint").read_text(encoding="utf-8")
    body = re.search(rf"^{name}\)\n(.*?)^\s*;;", script, re.MULTILINE | re.DOTALL).group(1)
    return [shlex.split(line) for line in body.splitlines() if line.strip()]


def test_the_container_entrypoint_migrates_then_serves_like_the_systemd_unit():
    subprocess.run(["sh", "-n", str(DEPLOY / "container-entrypoint")], check=True)
    web = entrypoint_branch("web")
    assert web[0] == ["parlons", "migrate", "--no-input"]
    assert web[-1][:2] == ["exec", "gunicorn"]
    unit = shlex.split(unit_options("parlons-web.service")["ExecStart"])
    assert gunicorn_options(web[-1]) == gunicorn_options(unit)
    assert entrypoint_branch("worker") == [["exec", "parlons", "db_worker"]]


def containerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Containerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0], line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_the_containerfile_builds_a_non_root_image_with_collected_static_files():
    instructions = containerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim-bookworm")
    runs = " ".join(value for kind, value in instructions if kind == "RUN")
    assert "pip install" in runs and "parlons collectstatic --no-input" in runs
    env = " ".join(value for kind, value in instructions if kind == "ENV")
    assert "PARLONS_VAR_DIR=/var/lib/parlons" in env
    assert ("VOLUME", "/var/lib/parlons") in instructions
    users = [value for kind, value in instructions if kind == "USER"]
    assert users == ["parlons"]
    assert ("ENTRYPOINT", '["parlons-entrypoint"]') in instructions
    copied = [value.split()[-2:] for kind, value in instructions if kind == "COPY"]
    assert ["deploy/container-entrypoint", "/usr/local/bin/parlons-entrypoint"] in copied
    for source, _target in copied:
        assert (ROOT / source).exists(), source


def compose_services() -> dict:
    """compose.yaml's services, read by PyYAML: ours if installed, else Debian's (python3-yaml)."""
    path = ROOT / "compose.yaml"
    try:
        import yaml

        return yaml.safe_load(path.read_text(encoding="utf-8"))["services"]
    except ImportError:
        pass
    read = subprocess.run(
        [
            "/usr/bin/python3",
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    if read.returncode == 0:
        return json.loads(read.stdout)["services"]
    # No PyYAML at all: a plain reading of the service names (two spaces in).
    block = path.read_text(encoding="utf-8").split("\nservices:\n", 1)[1].split("\nvolumes:")[0]
    return {name: {} for name in re.findall(r"^  ([a-z]+):$", block, re.MULTILINE)}


def test_compose_starts_postgresql_the_web_server_and_the_worker():
    services = compose_services()
    assert sorted(services) == ["db", "web", "worker"]
    if not services["web"]:
        return  # no PyYAML: the names were all that could be checked
    web, worker = services["web"], services["worker"]
    assert services["db"]["image"].startswith("docker.io/library/postgres:")
    assert web["build"]["dockerfile"] == "Containerfile"
    assert web["image"] == worker["image"]
    assert (web["command"], worker["command"]) == (["web"], ["worker"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    # The worker waits for the migrations, which the web server applies before it is healthy.
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert web["healthcheck"]["test"] == ["CMD", "parlons-entrypoint", "health"]
    for service in (web, worker):
        assert service["env_file"] == ["parlons.env"]
        assert service["volumes"] == ["./var:/var/lib/parlons"]
        assert service["environment"]["PARLONS_DATABASE_URL"].startswith("postgres://parlons:")


def test_every_variable_of_the_env_example_is_documented():
    documented = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    missing = [name for name in env_file_variables() if f"`{name}`" not in documented]
    assert missing == []
