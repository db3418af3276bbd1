"""Assessment history: record assessments, list them, compare two, draw the trend.

``store`` keeps the SQLite file; ``record`` is what ``assess --record`` calls;
``diff`` compares two models or two recorded assessments; ``trend`` draws
level and stages over time for the HTML and Markdown reports.
"""
