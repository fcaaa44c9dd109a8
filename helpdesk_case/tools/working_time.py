"""Working time on a ``resource.calendar``, for many datetimes at once.

One call to ``_work_intervals_batch`` per calendar and window (attendances minus public holidays
and other company-wide leaves) serves every ticket of that calendar: deadlines, paused time and
the red-flag threshold are walked over the same list of intervals.
All datetimes in and out are naive UTC, as the ORM stores them.
"""

from bisect import bisect_right
from datetime import timedelta

import pytz

# a window wider than any realistic target; more windows are fetched when it is not enough
WINDOW = timedelta(days=60)
MAX_WINDOWS = 20


class WorkingTime:
    """The working intervals of one calendar, fetched lazily window by window; with a
    ``resource``, its own leaves (time off) are left out too."""

    def __init__(self, calendar, start, end=None, resource=None):
        self.calendar = calendar
        self.resource = resource
        self.start = start
        self.end = start
        self.intervals = []  # sorted, disjoint [(start, stop)] naive UTC
        self._fetch(start, end or start + WINDOW)

    def _fetch(self, start, end):
        if start < self.start:
            self.intervals = self._load(start, self.start) + self.intervals
            self.start = start
        if end > self.end:
            self.intervals += self._load(self.end, end)
            self.end = end
        self._starts = [interval[0] for interval in self.intervals]

    def _load(self, start, end):
        result = self.calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end), resources=self.resource or None
        )[self.resource.id if self.resource else False]
        return [
            (
                begin.astimezone(pytz.utc).replace(tzinfo=None),
                stop.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for begin, stop, _meta in result
        ]

    def add_hours(self, start, hours):
        """The datetime ``hours`` working hours after ``start`` (False when never reached)."""
        if start < self.start:
            self._fetch(start, self.end)
        remaining = timedelta(hours=hours)
        for __ in range(MAX_WINDOWS):
            index = max(bisect_right(self._starts, start) - 1, 0)
            for begin, stop in self.intervals[index:]:
                begin = max(begin, start)
                if stop <= begin:
                    continue
                if remaining <= stop - begin:
                    return begin + remaining
                remaining -= stop - begin
                start = stop
            start = max(start, self.end)
            self._fetch(self.start, self.end + WINDOW)
        return False

    def sub_hours(self, end, hours):
        """The datetime ``hours`` working hours before ``end``."""
        remaining = timedelta(hours=hours)
        for __ in range(MAX_WINDOWS):
            if end > self.end:
                self._fetch(self.start, end)
            index = bisect_right(self._starts, end)
            for begin, stop in reversed(self.intervals[:index]):
                stop = min(stop, end)
                if stop <= begin:
                    continue
                if remaining <= stop - begin:
                    return stop - remaining
                remaining -= stop - begin
                end = begin
            end = min(end, self.start)
            self._fetch(self.start - WINDOW, self.end)
        return False

    def hours_between(self, start, end):
        """Working hours from ``start`` to ``end``."""
        if not start or not end or end <= start:
            return 0.0
        self._fetch(min(start, self.start), max(end, self.end))
        index = max(bisect_right(self._starts, start) - 1, 0)
        total = timedelta()
        for begin, stop in self.intervals[index:]:
            if begin >= end:
                break
            overlap = min(stop, end) - max(begin, start)
            if overlap > timedelta():
                total += overlap
        return total.total_seconds() / 3600
