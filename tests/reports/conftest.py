"""The sample town's runs, once per language, for every report test of this folder."""

from __future__ import annotations

import pytest

LANGUAGES = {"en": "en_GB", "fr": "fr_FR"}


@pytest.fixture(scope="session", params=list(LANGUAGES))
def sample_runs(request, crimerisk_provider, tmp_path_factory):
    """(language, name -> SampleRun) of every algorithm run on the sample town with QGIS in that language."""
    from qgis.core import QgsSettings

    from crimerisk.plugin import i18n
    from crimerisk.tests.reports.sample_runs import run_all

    settings = QgsSettings()
    before = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", LANGUAGES[request.param])
    i18n.remove_translator()
    if request.param != "en":
        assert i18n.install_translator(request.param)
    try:
        runs = run_all(tmp_path_factory.mktemp(f"sample-runs-{request.param}"))
    finally:
        i18n.remove_translator()
        settings.setValue("locale/userLocale", before)
    return request.param, runs
