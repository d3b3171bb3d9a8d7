# Convenience targets; the README's two commands are scripts/demo.sh and scripts/test.sh.
.PHONY: setup test demo bench i18n package sample clean

setup:
	bash scripts/setup.sh

test:
	bash scripts/test.sh -q

demo:
	bash scripts/demo.sh demo-output

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
