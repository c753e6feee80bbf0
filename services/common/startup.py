"""Refusing to start, in one clear line (issue 12): a process whose settings are wrong or whose
Temporal does not answer prints `fengqiao <process>: refused to start: <why, naming the setting>`
on stderr and exits with status 2 — no traceback, and before it serves anything.

Each composition root loads its settings with `load` and runs its main under `refusing`.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TypeVar

from pydantic import AliasChoices, ValidationError
from pydantic_settings import BaseSettings

EXIT_REFUSED = 2

T = TypeVar("T", bound=BaseSettings)


class StartupRefused(Exception):
    """Why the process will not start: one line that names the setting to fix."""


def setting_name(cls: type[BaseSettings], field: str) -> str:
    """The environment variable a field is read from (FENGQIAO_<SERVICE>_<NAME> or FENGQIAO_<NAME>)."""
    info = cls.model_fields.get(field)
    alias = info.validation_alias if info is not None else None
    if isinstance(alias, AliasChoices):
        for choice in alias.choices:
            if isinstance(choice, str) and choice.isupper():
                return choice
    prefix = str(cls.model_config.get("env_prefix") or "")
    return f"{prefix}{field}".upper()


def describe(cls: type[BaseSettings], error: ValidationError) -> str:
    """Every problem of the settings on one line; never the value given (it may be a secret)."""
    parts = []
    for problem in error.errors(include_input=False, include_url=False):
        message = str(problem["msg"]).removeprefix("Value error, ")
        loc = problem["loc"]
        # A field read through an alias is reported by its environment name already.
        name = str(loc[0]) if loc else ""
        parts.append(f"{name if name.isupper() else setting_name(cls, name)}: {message}" if loc else message)
    return "; ".join(parts)


def load(cls: type[T]) -> T:
    """The process's settings from its environment, or StartupRefused naming what is wrong."""
    try:
        return cls()
    except ValidationError as exc:
        raise StartupRefused(describe(cls, exc)) from None


def refusing(process: str, main: Callable[[], object]) -> None:
    """Runs `main`; a StartupRefused becomes one line on stderr and exit status 2. The exit skips
    interpreter finalisation: a Temporal runtime that tried to connect may crash it with a fatal
    error of its own, which would bury the one line this prints."""
    try:
        main()
    except StartupRefused as exc:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.write(f"fengqiao {process}: refused to start: {exc}\n")
        sys.stderr.flush()
        os._exit(EXIT_REFUSED)
