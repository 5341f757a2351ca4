"""Renderers of a `check` result (the JSON `report.py` shapes): HTML, Markdown and JUnit reports, the baseline of
accepted findings and the diff of two results. Pure code: dicts and text in, text and dicts out, no I/O."""
