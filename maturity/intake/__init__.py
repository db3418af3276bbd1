"""Getting a client's organization into a model: the interview, workbooks and CSV files.

``interview`` asks what the enabled packs need to know; ``workbook`` writes and
reads an ``.xlsx`` with a sheet per part of the model; ``tables`` is the
shared row layout (also used for CSV); ``terms`` names fields in plain words.
"""
