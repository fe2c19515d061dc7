"""Wrong passwords counted per client address and per user name.

Ten wrong passwords within the window, from one address or against one name, close the door
to both until the oldest of them is out of the window: guessing is slowed to ten tries per
window whether an attacker spreads over names or over addresses. In memory, for the one
server process ``steppe serve`` runs; a restart forgets the counts (the window is short).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from typing import Callable

LIMIT = 10
WINDOW_S = 15 * 60.0
MAX_KEYS = 10_000     # keys kept; the least recently failed is forgotten first


class LoginThrottle:
    def __init__(self, limit: int = LIMIT, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._fails: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def keys(address: str, name: str) -> tuple[str, str]:
        return f"addr:{address}", f"name:{name.casefold()}"

    def wait(self, address: str, name: str) -> float:
        """0 when a login may be tried; else the seconds until one may."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(key, now) for key in self.keys(address, name)]
        return max(waits)

    def failed(self, address: str, name: str) -> bool:
        """Count one wrong password; True when this one reached the limit."""
        now = self.clock()
        with self._lock:
            reached = False
            for key in self.keys(address, name):
                times = self._fails.pop(key, deque())
                times.append(now)
                while times and times[0] <= now - self.window_s:
                    times.popleft()
                self._fails[key] = times
                reached = reached or len(times) >= self.limit
            while len(self._fails) > MAX_KEYS:
                self._fails.popitem(last=False)
        return reached

    def succeeded(self, address: str, name: str) -> None:
        """A right password clears the name's count (not the address's: one good account
        must not reset the guessing of others from the same place)."""
        with self._lock:
            self._fails.pop(self.keys(address, name)[1], None)

    def _wait(self, key: str, now: float) -> float:
        times = self._fails.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if len(times) < self.limit:
            return 0.0
        return max(0.0, times[-self.limit] + self.window_s - now)
