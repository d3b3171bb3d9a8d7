"""Number formatting for readers: separators, precision, no scientific notation."""

import re

from crimerisk.plugin.reports.numbers import format_number, format_share
from crimerisk.plugin.reports.html import HtmlReport


def test_counts_have_thousands_separators_in_english_and_french():
    assert format_number(32220.0, language="en") == "32,220"
    assert format_number(32220, language="fr") == "32\u202f220"
    assert format_number(18570.4, language="en") == "18,570"


def test_rates_keep_three_significant_digits_with_the_locale_decimal_mark():
    assert format_number(0.012345, language="en") == "0.0123"
    assert format_number(1.5, language="fr") == "1,50"
    assert format_share(0.1234, language="fr") == "12,3\u202f%"


def test_no_scientific_notation_in_a_report_table():
    report = HtmlReport("t")
    report.table([{"a": 3.222e4, "b": 1.857e4, "c": 1e-7, "d": 1e12}])
    assert not re.search(r"\d[eE][+-]?\d", report.html())


def test_report_headers_are_words_with_units_not_field_names():
    from crimerisk.plugin.reports.field_words import field_heading

    assert field_heading("mk_z") == "Mann-Kendall z"
    assert field_heading("radius_m") == "radius (m)"
    assert field_heading("quiet_spell_days") == "quiet spell (days)"  # a key with no words of its own
    assert field_heading("arrival_rate_per_day") == "arrival rate (per day)"
    report = HtmlReport("t")
    report.table([{"hit_rate_ci_low": 0.5, "sen_slope_per_year": 2.0}])
    assert "hit rate, 95% low" in report.html() and "hit_rate_ci_low" not in report.html()


def test_a_wide_table_is_split_repeating_its_identifying_columns():
    from crimerisk.plugin.reports.html import MAX_COLUMNS, column_groups

    columns = [f"c{i}" for i in range(20)]
    groups = column_groups(columns, keep=2)
    assert all(len(group) <= MAX_COLUMNS and group[:2] == ["c0", "c1"] for group in groups)
    assert sorted({c for group in groups for c in group}) == sorted(columns)
    assert column_groups(columns[:5]) == [columns[:5]]


def test_signed_percent_reads_as_a_change():
    from crimerisk.plugin.reports.numbers import signed_percent

    assert signed_percent(12.0, language="en") == "+12%"
    assert signed_percent(-3.5, language="fr") == "−3,50\u202f%"
    assert signed_percent(float("nan"), language="en") == "–"


def test_logged_values_read_as_numbers_and_words_in_english_and_french():
    from crimerisk.plugin.reports.numbers import format_decimal, format_value

    assert format_value(3846151, language="en") == "3,846,151" and format_value(0.05, language="fr") == "0,05"
    assert format_value(1e-6, language="en") == "0.000001"  # never 1e-06
    assert format_value([1.0, 7.5], language="en") == "1, 7.5" and format_value([1.0, 7.5], language="fr") == "1; 7,5"
    assert format_value({"half-life 1095 d, scale 2.5 cells": 0.5}, language="fr") == (
        "half-life 1\u202f095 d, scale 2,5 cells: 0,5")
    assert format_value(True, language="en") == "yes" and format_value("fdr") == "fdr"
    assert format_decimal(0.01, 3, language="fr") == "0,010" and format_decimal(12345.678, 1, language="en") == "12,345.7"


def test_report_cells_show_yes_no_lists_and_code():
    from crimerisk.plugin.reports.html import Code

    report = HtmlReport("t")
    report.key_values({"converged": True, "half_lives": [7.0, 28.0], "features": Code("count_7d")})
    page = report.html()
    assert ">yes<" in page and "7, 28" in page and "<code>count_7d</code>" in page
    assert "True" not in page and "[7.0" not in page
