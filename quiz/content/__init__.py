"""Content: parse, validate and hold the teacher-edited files. Pure Python, no Flask."""

from . import snapshot
from .dates import PartialDate, Precision
from .loader import DEFAULT_LANGUAGES, check_content, fingerprint, load_content
from .model import Content, Event
from .problems import ContentError, Problem, Severity, format_report

__all__ = [
    "DEFAULT_LANGUAGES",
    "Content",
    "ContentError",
    "Event",
    "PartialDate",
    "Precision",
    "Problem",
    "Severity",
    "check_content",
    "fingerprint",
    "format_report",
    "load_content",
    "snapshot",
]
