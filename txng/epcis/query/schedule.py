"""The query schedule of scheduled subscriptions (EPCIS 2.0 query-schedule.json): cron-like
fields, each a comma list of numbers and ``[a-b]`` ranges.

An omitted ``second`` means 0 and any other omitted field means every value, so
``{"hour": "1", "minute": "5"}`` runs at 01:05:00 every day.

>>> from datetime import datetime, UTC
>>> Schedule.parse({"hour": "1", "minute": "5"}).next_after(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
datetime.datetime(2026, 3, 2, 1, 5, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

_ELEMENT = re.compile(r"\s*(?:(\d+)|\[(\d+)-(\d+)\])\s*")
RANGES = {"second": (0, 59), "minute": (0, 59), "hour": (0, 23), "dayOfMonth": (1, 31),
          "month": (1, 12), "dayOfWeek": (1, 7)}
MAX_DAYS = 366 * 8  # long enough for 29 February on a given weekday


@dataclass(frozen=True)
class Schedule:
    FIELDS: ClassVar[tuple[str, ...]] = tuple(RANGES)

    second: frozenset[int]
    minute: frozenset[int]
    hour: frozenset[int]
    day_of_month: frozenset[int]
    month: frozenset[int]
    day_of_week: frozenset[int]

    @classmethod
    def parse(cls, fields: Any) -> Schedule:
        if not isinstance(fields, dict) or not fields:
            raise ValueError("a schedule is an object of second, minute, hour, dayOfMonth, "
                             "month, dayOfWeek")
        unknown = set(fields) - set(RANGES)
        if unknown:
            raise ValueError(f"unknown schedule field(s) {', '.join(sorted(unknown))}")
        values = {name: _values(name, fields.get(name, "0" if name == "second" else None))
                  for name in RANGES}
        return cls(values["second"], values["minute"], values["hour"], values["dayOfMonth"],
                   values["month"], values["dayOfWeek"])

    def next_after(self, moment: datetime) -> datetime:
        """The first scheduled time strictly after ``moment``."""
        start = moment.replace(microsecond=0) + timedelta(seconds=1)
        day = start.replace(hour=0, minute=0, second=0)
        for _ in range(MAX_DAYS):
            if (day.month in self.month and day.day in self.day_of_month
                    and day.isoweekday() in self.day_of_week):
                for hour in sorted(self.hour):
                    for minute in sorted(self.minute):
                        for second in sorted(self.second):
                            candidate = day.replace(hour=hour, minute=minute, second=second)
                            if candidate >= start:
                                return candidate
            day += timedelta(days=1)
        raise ValueError("the schedule never fires")


def _values(name: str, text: Any) -> frozenset[int]:
    low, high = RANGES[name]
    if text is None:
        return frozenset(range(low, high + 1))
    out: set[int] = set()
    for part in str(text).split(","):
        match = _ELEMENT.fullmatch(part)
        if match is None:
            raise ValueError(f"{name}: '{text}' is not a list of numbers and [a-b] ranges")
        first, last = (int(match.group(1)),) * 2 if match.group(1) else (
            int(match.group(2)), int(match.group(3)))
        if not low <= first <= last <= high:
            raise ValueError(f"{name}: '{part.strip()}' is outside {low}-{high}")
        out.update(range(first, last + 1))
    return frozenset(out)
