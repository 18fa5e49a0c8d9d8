"""Malformed requests sent beside load.py's mixed load: each must get a 4xx. Not a script:
load.py imports it."""

import threading
import time
import urllib.error
import urllib.request

# A CSRF secret of the right form, for the malformed requests (a wrong token). The readers'
# posts need none: they say where they come from, as browsers do (newsroom/csrf.py).
CSRF_SECRET = "benchcsrfsecret0123456789abcdefg"


class Malformed(threading.Thread):
    """Bad requests sent beside the mixed load: each must get a 4xx, none may break anything."""

    def __init__(self, server, article):
        super().__init__(daemon=True)
        self.base, self.article = server.base, article
        self.stop_event = threading.Event()
        self.statuses = []

    def requests(self):
        comment = self.article["comments"][0]
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        ours = {**form, "Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        return [
            # Saying nothing of where it comes from: without a token, with a wrong one; and
            # another site's post.
            ("POST", f"/comments/{comment}/vote/", b"value=up", form),
            (
                "POST",
                f"/comments/{comment}/vote/",
                b"value=up&csrfmiddlewaretoken=" + b"x" * 32,
                {**form, "Cookie": f"csrftoken={CSRF_SECRET}"},
            ),
            (
                "POST",
                f"/comments/{comment}/vote/",
                b"value=up",
                {**form, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
            ),
            # A body far over the limit.
            (
                "POST",
                f"/comments/article/{self.article['id']}/post/",
                b"body=" + b"a" * 3_000_000,
                ours,
            ),
            # Ids that are not there, too large for the database, not numbers.
            (
                "POST",
                "/comments/987654321/vote/",
                b"value=up",
                ours,
            ),
            ("GET", "/comments/99999999999999999999/", None, {}),
            ("GET", "/comments/abc/reply/", None, {}),
            ("GET", "/?page=%27%3B--", None, {}),
            ("GET", "/articles/no-such-article/", None, {}),
            ("GET", "/comments/1/vote/", None, {}),  # a GET where only POST is allowed
        ]

    def run(self):
        cases = self.requests()
        n = 0
        while not self.stop_event.is_set():
            method, path, body, headers = cases[n % len(cases)]
            n += 1
            request = urllib.request.Request(
                self.base + path, data=body, headers=headers, method=method
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    self.statuses.append(response.status)
            except urllib.error.HTTPError as error:
                self.statuses.append(error.code)
            except OSError:
                self.statuses.append(0)  # the connection itself failed
            time.sleep(0.02)

    def stop(self):
        self.stop_event.set()
        self.join()
        return {
            "requests": len(self.statuses),
            "all_4xx": all(400 <= status < 500 for status in self.statuses),
            "statuses": sorted(set(self.statuses)),
        }
