"""The what-if studio: a local web page to edit an organization model and watch its level move.

Needs the ``studio`` extra (``pip install 'maturity[studio]'``): Starlette,
uvicorn and tomlkit. See docs/studio.md.
"""
