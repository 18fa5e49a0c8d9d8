"""The production stack for the benchmarks that drive it over loopback (load.py, live.py).

Not a script: load.py and live.py import it. It makes a database of the benchmark's own,
writes the production environment, starts gunicorn (and uvicorn for the live streams) on
127.0.0.1 as scripts/serve starts them, each in a session of its own, waits until they
answer, and stops them again.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = REPO_ROOT / ".venv" / "bin"
PYTHON = BIN / "python"


def run(command, env):
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def own_database(workdir, suffix):
    """A DATABASE_URL of the benchmark's own, not yet migrated: `<name>_<suffix>` next to the
    PostgreSQL database DATABASE_URL names (dropped and made again; that one is not touched),
    or a SQLite file `<suffix>.sqlite3` in workdir."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urllib.parse.urlsplit(given)
        name = parts.path.lstrip("/") + f"_{suffix}"
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return parts._replace(path=f"/{name}").geturl()
    return f"sqlite:///{workdir / f'{suffix}.sqlite3'}"


def production_env(*, settings, database_url, workdir, site_url, secret, **more):
    """The environment of the site's servers: production settings with DEBUG off, plain HTTP on
    127.0.0.1, the client address from X-Real-IP (the benchmark is many readers), uploads in
    workdir; `more` adds or overrides variables."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "SITE_URL": site_url,
        "DEFAULT_FROM_EMAIL": "Newsroom <newsroom@example.org>",
        **more,
    }


class Servers:
    """Server processes writing to one log: each started in a session of its own (stopping it
    stops its workers too), waited for until it answers, and all stopped together."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.processes = []

    def start(self, *command, env):
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def start_gunicorn(self, app, *, port, workers, env):
        """gunicorn with the project's config (access log to /dev/null) serving `app`."""
        return self.start(
            BIN / "gunicorn", "-c", "python:newsroom.gunicorn_conf", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", app,
            env=env,
        )  # fmt: skip

    def start_uvicorn(self, *, port, env):
        """uvicorn serving the site's ASGI application (the live streams)."""
        return self.start(
            BIN / "uvicorn", "newsroom.asgi:application", "--host", "127.0.0.1",
            "--port", str(port), "--no-access-log", "--backlog", "4096",
            "--timeout-graceful-shutdown", "2",
            env=env,
        )  # fmt: skip

    def wait_until_up(self, url, seconds=30):
        """Until `url` answers 200; if it does not within `seconds`, stop and exit."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(url, timeout=1).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"{url} did not answer; see {self.log_path}")

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.log.close()
