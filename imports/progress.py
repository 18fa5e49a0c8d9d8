"""A progress line for long imports, drawn only on a terminal."""

import time


class Progress:
    def __init__(self, stream, *, total_bytes, enabled):
        self.stream, self.total, self.enabled = stream, max(total_bytes, 1), enabled
        self.last = 0.0

    def update(self, done_bytes, note=""):
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done_bytes < self.total):
            return
        self.last = now
        share = min(done_bytes / self.total, 1)
        bar = "#" * int(share * 30)
        self.stream.write(f"\r[{bar:<30}] {share:4.0%} {note}", ending="")
        self.stream.flush()

    def close(self):
        if self.enabled:
            self.stream.write("")
