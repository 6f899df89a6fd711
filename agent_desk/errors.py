"""Errors that carry a message meant for a person.

Anything raised as :class:`AgentDeskError` is shown as one line (CLI) or in a dialog (GUI)
without a traceback; everything else is a bug and is logged with its traceback.
"""

from __future__ import annotations


class AgentDeskError(Exception):
    """An error with a message a person can act on."""


class ConfigError(AgentDeskError):
    """The settings file or an environment override is invalid."""


class DatabaseError(AgentDeskError):
    """The database cannot be reached, opened or upgraded."""
