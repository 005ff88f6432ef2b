"""Next steps on a government's home page, contributed by each app.

An app registers a function ``(request, government, roles) -> list[NextStep]`` in its
``AppConfig.ready``; the accounts home page asks them all. This keeps imports running downward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str
    action: str = ""
    priority: int = 50  # lower comes first
    done: bool = False


Provider = Callable[[HttpRequest, Any, set[str]], list[NextStep]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider of next steps (usable as a decorator)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def next_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    steps = [step for provider in _providers for step in provider(request, government, roles)]
    return sorted(steps, key=lambda s: (s.done, s.priority, s.title))
