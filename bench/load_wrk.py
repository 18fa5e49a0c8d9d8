"""The load generator of load.py: wrk, its figures, and the Lua scripts of the cold and the
mixed cases. Not a script: load.py imports it."""

import re
import shutil
import subprocess

DURATION = 10
CONNECTIONS = 16
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def ensure_wrk(say):
    if shutil.which("wrk"):
        return
    say("wrk is missing: installing Debian's package")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)


def wrk(url, script=None):
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "--timeout", "5s"]
    # As every browser asks: the cached pages go out compressed (the bare view's "ok" is too
    # small for GZipMiddleware either way).
    command += ["-H", f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        # Reads that fail as gunicorn closes a connection are not errors of the site.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    return {
        "rps": rps,
        "requests": requests,
        "p50_ms": latency(out, "50%"),
        "p99_ms": latency(out, "99%"),
        "errors": errors,
    }


def latency(out, percentile):
    match = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


COLD_SCRIPT = """
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "{path}?r=" .. n)
end
"""

MIXED_SCRIPT = """
-- 95% reads, 5% writes: comment posts and votes from many readers (X-Real-IP).
math.randomseed(os.time())
local comments = {{{comment_ids}}}
local n = 0
local form_headers = {{
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Origin"] = "{base}",
  ["Sec-Fetch-Site"] = "same-origin",
}}
request = function()
  n = n + 1
  local r = math.random()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "."
    .. math.random(1, 254)
  form_headers["X-Real-IP"] = ip
  if r < 0.025 then
    local body = "name=Load+Reader&email=reader" .. n .. "%40example.org&seconds_on_page=60"
      .. "&body=Comment+number+" .. n .. "+" .. math.random(1, 1e9)
    return wrk.format("POST", "/comments/article/{article_id}/post/", form_headers, body)
  elseif r < 0.05 then
    local id = comments[math.random(#comments)]
    local body = "value=" .. (math.random() < 0.8 and "up" or "down")
    return wrk.format("POST", "/comments/" .. id .. "/vote/", form_headers, body)
  elseif r < 0.80 then
    return wrk.format("GET", "{path}", {{["X-Real-IP"] = ip}})
  else
    return wrk.format("GET", "/", {{["X-Real-IP"] = ip}})
  end
end
"""


def case_script(workdir, article, base, kind):
    if kind == "cold":
        script = workdir / "cold.lua"
        script.write_text(COLD_SCRIPT.format(path=article["path"]))
        return script
    if kind == "mixed":
        script = workdir / "mixed.lua"
        script.write_text(
            MIXED_SCRIPT.format(
                comment_ids=",".join(map(str, article["comments"][:500])),
                base=base,
                path=article["path"],
                article_id=article["id"],
            )
        )
        return script
    return None
