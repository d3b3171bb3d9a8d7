"""Numbers a person reads: thousands separators, no scientific notation, English or French.

French uses a narrow no-break space as thousands separator and a decimal comma
(Imprimerie nationale, *Lexique des règles typographiques*, 2002).
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from ..i18n import qgis_locale

_SEPARATORS = {"fr": ("\u202f", ","), "en": (",", ".")}


def _language(language: str | None) -> str:
    code = (language or qgis_locale() or "en")[:2].lower()
    return code if code in _SEPARATORS else "en"


def format_number(value: Any, digits: int = 3, language: str | None = None) -> str:
    """``value`` for a reader: integers with separators, others with ``digits`` significant digits, never 1e+04."""
    thousands, decimal = _SEPARATORS[_language(language)]
    if value is None:
        return "–"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return str(value)
    number = float(value)
    if math.isnan(number):
        return "–"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if isinstance(value, int) or (number.is_integer() and abs(number) >= 1) or abs(number) >= 10 ** digits:
        decimals = 0
    elif number == 0:
        decimals = 0
    else:
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(number))))
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def format_share(value: float, language: str | None = None) -> str:
    """A share in [0, 1] as a percentage with one decimal."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    language = _language(language)
    decimal = _SEPARATORS[language][1]
    suffix = "\u202f%" if language == "fr" else "%"
    return f"{100 * float(value):.1f}".replace(".", decimal) + suffix


def signed_percent(value: float, language: str | None = None) -> str:
    """A change in percent with its sign: +12%, −3.5% (French: +12 %, −3,5 %)."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    number = float(value)
    text = format_number(abs(number), language=language)
    suffix = "\u202f%" if _language(language) == "fr" else "%"
    sign = "+" if number > 0 else ("−" if number < 0 else "")
    return f"{sign}{text}{suffix}"
