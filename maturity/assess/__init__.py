"""The assessment: a session runs rule packs on a model, scores levels and stages,
applies waivers and configuration; a portfolio runs many models.

``Options`` and ``Session`` are importable from here.
"""

from maturity.assess.session import (
    DEFAULT_RULE_TIMEOUT,
    Assessment,
    Options,
    Session,
    param_type_problem,
)

__all__ = ["DEFAULT_RULE_TIMEOUT", "Assessment", "Options", "Session", "param_type_problem"]
