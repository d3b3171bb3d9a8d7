"""Numbers a person reads: thousands separators, no scientific notation, English or French.

French uses a narrow no-break space as thousands separator and a decimal comma
(Imprimerie nationale, *Lexique des règles typographiques*, 2002).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

import numpy as np

from ..i18n import active_language, has_translator, qgis_locale, tr

_SEPARATORS = {"fr": ("\u202f", ","), "en": (",", ".")}


def _language(language: str | None) -> str:
    """The language asked for, else that of the CrimeRisk translator installed (numbers and words agree), else
    QGIS's own locale."""
    code = (language or (active_language() if has_translator() else qgis_locale()) or "en")[:2].lower()
    return code if code in _SEPARATORS else "en"


def format_number(value: Any, digits: int = 3, language: str | None = None) -> str:
    """``value`` for a reader: integers with separators, others with ``digits`` significant digits, never 1e+04."""
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
    return _fixed(number, decimals, language)


def format_decimal(value: float, decimals: int, language: str | None = None) -> str:
    """``value`` with exactly ``decimals`` decimals (a p-value's 0.010, a ratio's 2.9) in the reader's format."""
    if value is None or not math.isfinite(float(value)):
        return format_number(value, language=language)
    return _fixed(float(value), decimals, language)


def _fixed(number: float, decimals: int, language: str | None) -> str:
    """``number`` with ``decimals`` decimals and thousands separators, as the reader's language writes them."""
    thousands, decimal = _SEPARATORS[_language(language)]
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def percent_sign(language: str | None = None) -> str:
    """The per cent sign as the reader's language writes it after a number (French: a narrow no-break space first)."""
    return "\u202f%" if _language(language) == "fr" else "%"


def format_share(value: float, language: str | None = None) -> str:
    """A share in [0, 1] as a percentage with one decimal."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    decimal = _SEPARATORS[_language(language)][1]
    return f"{100 * float(value):.1f}".replace(".", decimal) + percent_sign(language)


def signed_percent(value: float, language: str | None = None) -> str:
    """A change in percent with its sign: +12%, −3.5% (French: +12 %, −3,5 %)."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    number = float(value)
    text = format_number(abs(number), language=language)
    sign = "+" if number > 0 else ("−" if number < 0 else "")
    return f"{sign}{text}{percent_sign(language)}"


def _numbers_in(text: str, language: str | None) -> str:
    """The plain numbers inside a label (``half-life 1095 d, scale 2.5 cells``) in the reader's format."""
    return re.sub(r"(?<![\w.,])\d+(?:\.\d+)?(?![\w.,]\d)",
                  lambda match: format_value(float(match.group(0)), language=language), text)


def format_value(value: Any, digits: int = 6, language: str | None = None) -> str:
    """Any logged value for a reader: numbers by :func:`format_number`, yes/no for booleans, lists and
    mappings item by item; text as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return tr("yes") if value else tr("no")
    # French numbers hold commas: their items are parted by semicolons.
    parting = "; " if _language(language) == "fr" else ", "
    if isinstance(value, dict):
        return parting.join(f"{_numbers_in(str(key), language)}: {format_value(item, digits, language)}"
                            for key, item in value.items())
    if isinstance(value, (list, tuple, np.ndarray)):
        return parting.join(format_value(item, digits, language) for item in value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = value.item() if isinstance(value, (np.integer, np.floating)) else value
        text = format_number(number, digits, language)
        decimal = _SEPARATORS[_language(language)][1]
        return text.rstrip("0").rstrip(decimal) if decimal in text else text
    return format_number(value, digits, language) if value is None else str(value)
