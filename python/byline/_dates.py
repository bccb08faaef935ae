"""Document dates, in every form byline takes them, converted in one place: :func:`iso_date`.

A document date (``nlp(text, date=...)``, ``nlp.pipe(..., date=...)``, ``Article.published``,
``extract_frame(date_column=...)``, the Dask helpers, ``byline extract --date`` and JSON
Lines date fields) may be

* a ``str``: an ISO 8601 date or date-time (``"2025-01-02"``, ``"2025-01-02T10:00:00Z"``)
  or an RFC 2822 date as in e-mail and RSS (``"Thu, 02 Jan 2025 10:00:00 GMT"``);
* a ``datetime.date``, ``datetime.datetime`` or ``pandas.Timestamp`` (a ``datetime``);
* a NumPy ``datetime64`` of a day or a finer unit (``np.datetime64("2025-01-02")``,
  ``np.datetime64("2025-01-02T10:00")``): its day; a month, year or week has no day and
  is refused.

A blank string (``""``, spaces) is no date: it counts as absent, as None does. The day counts as written: a date-time's zone is not converted. An RFC 2822 weekday must be
the date's (``"Mon, 02 Jan 2025"`` is refused: 2 January 2025 is a Thursday). Strings are read by the
C++ core (``byline::DateAnchor::parse``, the parser the pipeline itself applies to
``DocOptions::date``), so Python and C++ accept the same forms.
"""

from __future__ import annotations

import datetime
from typing import Any, Optional, Union

from byline import _core

#: A document date: a str in one of the forms above, or a date, datetime or pandas Timestamp.
DateLike = Union[str, datetime.date]

#: The accepted types, for error messages.
TYPES = "a str, datetime.date, datetime.datetime, pandas.Timestamp or numpy.datetime64"

#: The accepted string forms, for error messages.
FORMS = (
    "an ISO date or date-time (2025-01-02, 2025-01-02T10:00:00Z) or an RFC 2822 date (Thu, 02 Jan 2025 10:00:00 GMT)"
)


def is_datetime64(value: Any) -> bool:
    """Whether ``value`` is a NumPy ``datetime64`` scalar (NumPy itself is not imported)."""
    return type(value).__name__ == "datetime64" and type(value).__module__ == "numpy"


def is_date(value: Any) -> bool:
    """Whether ``value`` is one document date of a type byline takes (its value unchecked):
    a str, ``datetime.date`` (``datetime``, ``pandas.Timestamp``) or NumPy ``datetime64``."""
    return isinstance(value, (str, datetime.date)) or is_datetime64(value)


def _numpy_day(value: Any, what: str) -> str:
    """The day of a NumPy ``datetime64`` that is not NaT, as ``"yyyy-mm-dd"``;
    byline.FormatError for a unit coarser than a day (no day) or a year outside 1-9999."""
    unit = value.dtype.str.partition("[")[2].rstrip("]")  # "<M8[ns]" -> "ns"; "2D" for a multiple
    if unit.lstrip("0123456789") in ("Y", "M", "W", ""):
        raise _core.FormatError(
            f"{what} {value!r} has no day (its unit is {unit or 'generic'}); give a datetime64 of a day or a finer unit"
        )
    day = str(value.astype("datetime64[D]"))
    if len(day) != 10 or _core.parse_date(day) is None:  # a year outside 0001-9999
        raise _core.FormatError(f"{what} {value!r} is outside the years 1 to 9999")
    return day


def is_missing(value: Any) -> bool:
    """None, pandas ``NA`` and ``NaT``, NumPy's ``NaT`` (``np.datetime64("NaT")``), or a
    float NaN (what pandas gives for an empty cell)."""
    if value is None or type(value).__name__ == "NAType":
        return True
    if type(value).__name__ in ("datetime64", "timedelta64"):  # NumPy scalars; NaT is unequal to itself
        return bool(value != value)
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, datetime.date) and value != value  # pandas NaT, a datetime subclass


def iso_date(value: Any, what: str = "date") -> Optional[str]:
    """The day of a document date as ``"yyyy-mm-dd"``; None for a missing value (None,
    pandas ``NaT`` and ``NA``, NumPy's ``NaT``, a float NaN as pandas gives for a missing
    cell) and for a blank str (``""``, spaces).

    A str that is no date, or a NumPy ``datetime64`` without a day (a month, year or week),
    raises byline.FormatError (a ValueError) naming the whole value (``what`` names the
    argument, e.g. ``"published"``); another type raises TypeError.
    """
    if is_missing(value):
        return None
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"  # a datetime's own date, zone as given
    if is_datetime64(value):
        return _numpy_day(value, what)
    if not isinstance(value, str):
        raise TypeError(f"{what} must be {TYPES}, not {type(value).__name__}")
    if not value.strip():
        return None
    try:
        value.encode("utf-8")  # a lone surrogate: no date either
        day = _core.parse_date(value)
    except UnicodeEncodeError:
        day = None
    if day is None:
        problem = weekday_problem(value)
        if problem is not None:
            raise _core.FormatError(f"{what} {shown(value)} is not a valid date: {problem}")
        raise _core.FormatError(f"{what} must be {FORMS}, not {shown(value)}")
    return "%04d-%02d-%02d" % day


def weekday_problem(value: str) -> Optional[str]:
    """For an RFC 2822 date whose weekday is not the date's, what is wrong
    (``"2025-01-02 is a Thursday, not a Monday"``); else None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no date at all
        return None
    problem = _core.parse_date_error(value)
    return problem if problem and not problem.startswith("expected ") else None


def shown(value: str, limit: int = 200) -> str:
    """``repr(value)`` for an error message, cut in the middle beyond ``limit`` characters."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[: limit // 2]!r} ... {value[-limit // 4 :]!r} ({len(value):,} characters)"


def published_str(value: Any) -> Optional[str]:
    """An Article's ``published`` as a str: a date or datetime in ISO 8601 (a datetime
    keeps its time and zone), a NumPy ``datetime64`` as its day, a missing value (:func:`is_missing`: pandas ``NaT``, NumPy's
    ``NaT``, ``NA``, NaN) as None, a str as it is (checked when used, by :func:`iso_date`).
    TypeError for another type."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if is_datetime64(value):
        return _numpy_day(value, "published")
    raise TypeError(f"published must be {TYPES}, not {type(value).__name__}")
