"""Number formatting for readers: separators, precision, no scientific notation."""

import re

from crimerisk.plugin.numbers import format_number, format_share
from crimerisk.plugin.reports import HtmlReport


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
