"""`make run` and `make serve`: the address a developer chooses is the one links lead to."""

import os
import subprocess

from django.conf import settings


def dry_run(*args):
    """What make would run (make -n runs nothing), without a SITE_URL of this shell's."""
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        ["make", "-n", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def line_running(lines, command):
    [line] = [line for line in lines if command in line]
    return line


def test_make_run_on_another_port_links_to_that_port():
    lines = dry_run("run", "PORT=8101")

    server = line_running(lines, "scripts/run-dev")
    assert server.startswith("SITE_URL=http://127.0.0.1:8101 ")
    assert server.endswith(" 127.0.0.1:8101")
    assert "--url http://127.0.0.1:8101/admin/" in line_running(lines, "ensure_local_accounts")


def test_make_run_on_another_host_links_to_that_host():
    server = line_running(dry_run("run", "HOST=0.0.0.0", "PORT=8102"), "scripts/run-dev")

    assert server.startswith("SITE_URL=http://0.0.0.0:8102 ")
    assert server.endswith(" 0.0.0.0:8102")


def test_a_site_url_given_to_make_run_wins():
    server = line_running(
        dry_run("run", "PORT=8101", "SITE_URL=https://news.example.org"), "scripts/run-dev"
    )

    assert server.startswith("SITE_URL=https://news.example.org ")


def test_make_serve_hands_the_address_to_scripts_serve():
    """scripts/serve derives SITE_URL and DEFAULT_FROM_EMAIL from these (see the script)."""
    assert "HOST=127.0.0.1 PORT=8103 scripts/serve" in dry_run("serve", "PORT=8103")
