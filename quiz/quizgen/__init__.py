"""Quiz generation: Content + preset + seed → questions. Pure Python, no Flask."""

from .assemble import build_quiz, candidates, coverage_warnings, event_preset
from .kinds import REGISTRY, build_pool
from .model import Option, Pool, Question

__all__ = [
    "REGISTRY",
    "Option",
    "Pool",
    "Question",
    "build_pool",
    "build_quiz",
    "candidates",
    "coverage_warnings",
    "event_preset",
]
