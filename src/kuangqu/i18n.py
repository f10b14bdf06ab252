"""The message catalogue: every user-facing text, Chinese by default, English on request.

Messages live in `kuangqu.messages.<area>` modules as `MESSAGES = {key: (zh, en)}`;
they are merged on first use so each capability owns its own file.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from typing import Any

_catalogue: dict[str, tuple[str, str]] | None = None
_lang: str | None = None


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = lang


def current_lang() -> str:
    lang = _lang or os.environ.get("KUANGQU_LANG") or "zh"
    return "en" if lang.lower().startswith("en") else "zh"


def catalogue() -> dict[str, tuple[str, str]]:
    global _catalogue
    if _catalogue is None:
        import kuangqu.messages as pkg

        merged: dict[str, tuple[str, str]] = {}
        for info in pkgutil.iter_modules(pkg.__path__):
            module = importlib.import_module(f"kuangqu.messages.{info.name}")
            merged.update(getattr(module, "MESSAGES", {}))
        _catalogue = merged
    return _catalogue


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The text for `key` in the current language, formatted with `params`.

    An unknown key returns the key itself, so a missing translation never crashes.
    """
    entry = catalogue().get(key)
    if entry is None:
        return key if not params else f"{key} {params}"
    text = entry[1 if (lang or current_lang()) == "en" else 0]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
