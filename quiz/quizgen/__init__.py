"""Quiz generation: Content + preset + seed → questions. Pure Python, no Flask."""

from .assemble import build_quiz, candidates, coverage_warnings, event_preset, reordered
from .bank import Bank, build_bank, build_pool
from .model import Option, Pool, Question, Rejection, dealt
from .registry import REGISTRY

__all__ = [
    "REGISTRY",
    "Bank",
    "Option",
    "Pool",
    "Question",
    "Rejection",
    "build_bank",
    "build_pool",
    "build_quiz",
    "candidates",
    "coverage_warnings",
    "dealt",
    "event_preset",
    "reordered",
]
