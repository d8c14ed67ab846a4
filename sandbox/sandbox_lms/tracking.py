"""An event-tracking backend that keeps the latest events in memory, for the demo and tests."""

from collections import deque

EVENTS: deque = deque(maxlen=1000)


class MemoryBackend:
    def __init__(self, **options):
        self.options = options

    def send(self, event):
        EVENTS.append(event)
