# Convenience targets; the README's two commands are scripts/demo.sh and scripts/test.sh.
.PHONY: setup test demo matrix qt6-check bench i18n package sample clean

setup:
	bash scripts/setup.sh

test:
	bash scripts/test.sh -q

demo:
	bash scripts/demo.sh demo-output

# The demo and the suite on each Debian suite's own QGIS, in chroots (root; SUITE=bookworm|trixie|sid|all).
SUITE ?= all
matrix:
	bash scripts/test-matrix.sh $(SUITE)

qt6-check:
	QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qt6_check.py

bench: setup
	for script in tests/benchmarks/bench_*.py; do echo "== $$script"; QT_QPA_PLATFORM=offscreen .venv/bin/python $$script || exit 1; done

i18n:
	/usr/bin/python3 scripts/i18n.py update
	/usr/bin/python3 scripts/i18n.py compile

package:
	/usr/bin/python3 scripts/package.py

sample:
	/usr/bin/python3 scripts/make_sample_data.py

clean:
	rm -rf dist demo-output
