"""Every kind of question, registered in the order the bank lists them."""

from . import events, figures, processes, written

__all__ = ["events", "figures", "processes", "written"]
