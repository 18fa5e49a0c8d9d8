"""What each server process remembers of the shared page cache (newsroom/pagecache.py)."""

import threading
import time
from collections import OrderedDict

GENERATION_MEMO_SECONDS = 1.0
PAGE_MEMO_BYTES = 32 * 1024 * 1024


class ProcessMemory:
    """A small memory in front of the shared cache, in each server process.

    Asking Redis for the generations and then for a 100 KB page costs two round trips on
    every request. A process remembers the generations for GENERATION_MEMO_SECONDS and the
    pages it served last (at most PAGE_MEMO_BYTES), so a busy page is mostly served from
    memory. Another server's change reaches this one within that second; a change made in
    this process forgets the generations at once.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.generations = {}  # key -> (expires at, token)
        self.pages = OrderedDict()  # key -> entry, least recently used first
        self.bytes = 0

    def generation(self, key):
        found = self.generations.get(key)
        if found and found[0] > time.monotonic():
            return found[1]
        return None

    def remember_generations(self, tokens):
        expires = time.monotonic() + GENERATION_MEMO_SECONDS
        self.generations.update({key: (expires, token) for key, token in tokens.items()})

    def forget_generations(self, keys=None):
        if keys is None:
            self.generations.clear()
        for key in keys or ():
            self.generations.pop(key, None)

    def page(self, key, generation):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            if entry["expires"] <= time.time() or entry["generation"] != generation:
                del self.pages[key]
                self.bytes -= len(entry["body"]) + len(entry["gzip"] or b"")
                return None
            self.pages.move_to_end(key)
            return entry

    def clear(self):
        with self.lock:
            self.generations.clear()
            self.pages.clear()
            self.bytes = 0

    def remember_page(self, key, entry):
        size = len(entry["body"]) + len(entry["gzip"] or b"")
        if size > PAGE_MEMO_BYTES // 4:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:  # a stale generation of the same page
                self.bytes -= len(old["body"]) + len(old["gzip"] or b"")
            self.pages[key] = entry
            self.bytes += size
            while self.bytes > PAGE_MEMO_BYTES:
                _, old = self.pages.popitem(last=False)
                self.bytes -= len(old["body"]) + len(old["gzip"] or b"")
