"""Translation: one context for every CrimeRisk string, and the translator loaded from the QGIS locale."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "CrimeRisk"
I18N_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "i18n"
_translators: list[QTranslator] = []
#: The language of the translator installed (None: English, the source language).
_installed: list[str] = []


def tr(text: str) -> str:
    """Translate ``text`` in the CrimeRisk context (English is the source language)."""
    return QCoreApplication.translate(CONTEXT, text)


def qgis_locale() -> str:
    """Two-letter language QGIS itself runs in.

    QGIS writes the language it starts with (from ``--lang``, the Settings dialog, or the system) to
    ``locale/userLocale`` at every start, so that setting is followed whether or not the user
    overrode the system language; the system locale is only the fallback where it is unset (a bare
    ``QgsApplication`` in scripts and tests). A "C"/"POSIX" locale means English."""
    name = QgsSettings().value("locale/userLocale", "") or ""
    if not name:
        name = QLocale.system().name()
    language = str(name)[:2].lower()
    return "en" if language in ("", "c", "po") else language


def install_translator(language: str | None = None) -> bool:
    """Load ``resources/i18n/crimerisk_<language>.qm`` once; True when a translation was installed."""
    language = language or qgis_locale()
    if _translators or language == "en":
        return bool(_translators)
    translator = QTranslator()
    if not translator.load(str(I18N_FOLDER / f"crimerisk_{language}.qm")):
        return False
    QCoreApplication.installTranslator(translator)
    _translators.append(translator)
    _installed.append(language)
    return True


def remove_translator() -> None:
    """Undo :func:`install_translator` (plugin unload)."""
    while _translators:
        QCoreApplication.removeTranslator(_translators.pop())
    _installed.clear()


def has_translator() -> bool:
    """Whether a CrimeRisk translation is installed."""
    return bool(_translators)


def active_language() -> str:
    """The language :func:`tr` translates into now: that of the installed translator, else "en"."""
    return _installed[-1] if _installed else "en"
