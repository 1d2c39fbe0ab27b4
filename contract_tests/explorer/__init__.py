"""The explorer: a seeded random walk over one API, every step judged by the rule engine.

A directed scenario checks one spelling of one sentence and the few fields its author thought
of. The walk (``walk.py``) sends every documented change, in every spelling, as every caller,
to the bookings it made, and reads each of them again through every view after every step; the
rule engine (``mockserver.rule_engine``) judges the whole trace each time. A finding is shrunk
by Hypothesis to the shortest sequence that still breaks the same rule, and printed as numbered
requests and answers with the command that replays it (``findings.py``).
"""

from __future__ import annotations

from .runs import explore

__all__ = ["explore"]
