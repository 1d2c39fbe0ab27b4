"""The walk: a Hypothesis state machine over one API, judged by the rule engine after every step.

Each example starts in a sandbox of its own facing a booking-sandbox (a shrinking replay meets the
state it met first), and draws steps: a create, or a change to one of the bookings it made, each
in a drawn spelling, as a drawn caller (the document's role, each other, another account, nobody).
After every step each booking the walk knows is read again through every documented view (a
look-up such as lifecycle's by number names each by the field its answers showed), one other
documented read is sent (a service, a preview: ``looks.py``), and the whole trace so far is held
to the spec, the documents' rules and the invariants. A finding fails the example; Hypothesis
shrinks it to the shortest sequence that still breaks that rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from random import Random
from typing import Any

from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.stateful import RuleBasedStateMachine, rule

from contract_tests.kit.run import Run
from mockserver.documents.har import Exchange, fingerprint_of
from mockserver.rule_engine.callers import caller_of
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.operations import Spec
from mockserver.rule_engine.reading import answer_of, sent_of

from .bodies import body_of
from .findings import FoundUnshrunk, broken
from .headers import Client
from .links import followed, goes_on, linked_looks, preceded
from .looks import Look, drawn_look, first_looks
from .plan import NOBODY, OTHER_ACCOUNT, Plan, callers, list_reads, place_reads, spec_words, weighted
from .retries import again_as, drawn_key
from .sending import path_of, sent
from .spellings import Schemas, Speller
from .steps import Step
from .tally import Tally

# What a step does, by the plan's list it draws from: changes three times as often as the rest.
KINDS = (("create", "creates"), *[("change", "moves")] * 3, ("side", "sides"))
# How often, and by how many seconds, a walk facing a sandbox moves its clock: whole seconds, so
# a stamp kept to the second moves; less than any hold, window or deadline, so little expires.
TICK_EVERY = 1 / 6
TICKS = (1, 2, 5, 30)
Sent = tuple[Exchange, str | None]  # what a step sent, and the booking its answer made for the walk
WHYS = ("linked", "follow", "precede")  # a change's own randoms, so adding one moves no other draw


def machine(
    run: Run, spec: Spec, planned: Plan, world: dict[str, Any] | None, tally: Tally
) -> type[RuleBasedStateMachine]:
    """The state machine class for ``run``'s API: what it may send (``planned``), and the
    exported sandbox each walk starts from, facing a booking-sandbox (``world``)."""
    schemas = Schemas(spec.document)
    words = spec_words(run)
    walked: set[tuple[int, ...]] = set()  # each run of step seeds a walk that broke nothing began with

    class Walk(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.drawn: Counter[int] = Counter()
            self.client: Client | None = None
            # Shrinking is bounded in time: past it a replay sends nothing, but Hypothesis' final one.
            self.idle = tally.shrunk_enough() and not current_build_context().is_final
            self.seeds: list[int] = []
            self.begun = self.broke = False

        def _begin(self) -> None:
            self.begun = True
            stopped = None
            if world is not None:
                run.callers.fresh(isolated=True)
                run.controls.import_state(run.control_token(), world)
                run.controls.freeze_clock(run.control_token())
                stopped = run.recorder.exchanges[-1]
            self.plan = planned
            emails = [f"explore.{run.callers.sandbox_key or 'shared'}.{n}@example.com" for n in range(3)]
            self.bodies = partial(body_of, param=words.param, speller=Speller(schemas, planned.known, emails))
            self.tokens = {role: run.callers.token(role) for role in (*self.plan.roles, *self.plan.others)}
            self.names = {fingerprint_of(f"Bearer {t}"): role for role, t in self.tokens.items() if t}
            others = {fingerprint for fingerprint, role in self.names.items() if role in OTHER_ACCOUNT}
            self.check = TrafficCheck(
                run.target.api,
                spec=spec,
                account=lambda exchange: "another" if caller_of(exchange) in others else "walk",
                home="walk",
                alone=world is not None,
            )
            if stopped is not None:
                # Time alone is judged by the sandbox's stopped clock, not the wall clock's date.
                self.check.controlled(stopped)
            self.known: list[str] = []
            self.shown: dict[str, Mapping[str, Any]] = {}  # a booking -> the fields its answers showed
            self.gone: set[str] = set()
            self.own_rows: set[str] = set()  # the bookings one of the walk's own rows made
            self.came_by: dict[str, str] = {}  # a booking -> its latest answer that links to changes
            self.last: str | None = None
            self.start = len(run.recorder.exchanges)
            tally.examples += 1
            # A shared target keeps every walk's keys: a walk drawn again is answered as the first.
            self.keys = "explore" if world is not None else f"explore-{run.tag}-{tally.examples}"

        @rule(seed=st.integers(0, 2**32 - 1))
        def step(self, seed: int) -> None:
            if self.idle:
                return
            self.seeds.append(seed)
            if not self.begun and world is not None and tuple(self.seeds) in walked:
                # Facing a sandbox, a walk that so far repeats one that broke nothing is answered
                # alike (Hypothesis draws its simplest walk again): it holds back until it differs.
                return
            self.broke = True  # until the step ends: a walk any error cut short is not kept
            if not self.begun:
                self._begin()
                for held in self.seeds[:-1]:
                    self._step(held)
            self._step(seed)
            self.broke = False

        def teardown(self) -> None:
            if self.begun and not self.broke:
                walked.update(tuple(self.seeds[:n]) for n in range(1, len(self.seeds) + 1))
            if self.begun and world is None:  # on a shared target, the next walk books the same rows
                run.undo_creations()

        def _step(self, seed: int) -> None:
            """A create, a change to one of the walk's bookings (most often), or a change that
            names none. Each step's choices come from a random seeded by the number Hypothesis
            draws for it: uniform, where Hypothesis' own lean to a list's first item; a step still
            shrinks away whole. How often the walk drew the number goes into it too: Hypothesis
            draws one number again and again (a quarter of the steps), and steps alike explore
            nothing; a count of the number alone lets a shrink drop any other step."""
            self.drawn[seed] += 1
            pick = Random(seed * 1_000_003 + self.drawn[seed])
            if self.client is None:
                # The walk's client from a random of its own, so the step's draws stay as they
                # were; and of the run's seed too: a first walk's first draw is most often 0.
                self.client = Client.drawn(Random(f"client {run.target.seed} {seed}"))
                for look, values in first_looks(self.plan.looks, words.param):  # ``looks.py``
                    self._glance(look, values, look.step.role)
            if world is not None:
                # Facing a sandbox, whose clock the walk stopped: now and then it moves on by seconds,
                # as a vendor's runs, so a change stamped with the old time shows (own draws kept).
                self._tick(Random(f"tick {seed} {self.drawn[seed]}"))
            self.again = Random(f"again {seed} {self.drawn[seed]}")
            kinds = [kind for kind, steps in KINDS if getattr(self.plan, steps)]
            if not self.known:
                kinds = [kind for kind in kinds if kind != "change"]
            if not kinds:
                return
            kind = pick.choice(kinds)
            if kind == "create":
                self._create(pick)
            elif kind == "change":
                self._change(pick, *(Random(f"{why} {seed} {self.drawn[seed]}") for why in WHYS))
            else:
                self._send(pick, pick.choice(self.plan.sides), None)
            self._look(Random(f"look {seed} {self.drawn[seed]}"))
            self._after()

        def _change(self, pick: Random, linking: Random, following: Random, preceding: Random) -> None:
            """The booking changed last, most often (a sequence on one booking chains the rules),
            then the walk's live ones (one deleted answers 404 to everything after); now and then
            one its last linking answer offers or one leading to it, a linked read first (``links.py``)."""
            live = [b for b in self.known if b not in self.gone]
            if self.last in live and pick.random() < 0.6:
                booking = self.last
            else:
                booking = pick.choice(live if live and pick.random() < 0.9 else self.known)
            drawn = pick.choice(weighted(self.plan.moves, words.shared)).name
            offered = self.plan.follows.get(self.came_by.get(booking, ""), [])
            leading = preceded(preceding, drawn, offered, self.plan.follows)
            step = self.plan.move(followed(following, leading, offered))
            linked = self.plan.before.get(step.name, [])
            for look, values in linked_looks(linking, linked, param=words.param, booking=booking):
                self._glance(look, values, look.step.role)
            made, new = self._send(pick, step, booking, leads=leading != drawn)
            if 200 <= made.status < 300:
                # A move that makes a booking goes on as that booking, by what this answer links to.
                self.last = new or booking
                if step.name in self.plan.follows and goes_on(step, sent_of(made)):
                    self.came_by[self.last] = step.name
            if step.method == "DELETE" and 200 <= made.status < 300:
                self.gone.add(booking)

        def _tick(self, pick: Random) -> None:
            if pick.random() < TICK_EVERY:
                run.controls.advance_clock(run.control_token(), timedelta(seconds=pick.choice(TICKS)))

        def _create(self, pick: Random) -> None:
            step = pick.choice(self.plan.creates)
            body = self._body(pick, step, None)
            # As the document's role: another account's create makes a booking of theirs, not the walk's.
            made = self._keep(self._keyed(step, None, self.tokens.get(step.role), body))
            if made is not None and body in step.walk_rows:
                self.own_rows.add(made)

        def _send(self, pick: Random, step: Step, booking: str | None, leads: bool = False) -> Sent:
            """The step as a drawn caller; the booking its answer made, if the caller's own."""
            role = pick.choice(callers(step.role, self.plan))
            token = None if role == NOBODY else self.tokens.get(role)
            made = self._keyed(step, booking, token, self._body(pick, step, booking, leads))
            return made, self._keep(made) if role == step.role else None

        def _look(self, pick: Random) -> None:
            live = [b for b in self.known if b not in self.gone]
            theirs = self.plan.known.get(words.param, [])
            drawn = drawn_look(
                pick, self.plan.looks, param=words.param, live=live, last=self.last, theirs=theirs
            )
            if drawn is not None:
                self._glance(*drawn, pick.choice(callers(drawn[0].step.role, self.plan)))

        def _glance(self, look: Look, values: Mapping[str, Any], role: str) -> None:
            token = None if role == NOBODY else self.tokens.get(role)
            self._call(look.step, None, token, None, query=look.query, values=values)

        def _keyed(self, step: Step, booking: str | None, token: str | None, body: Any) -> Exchange:
            """The step, under a key of its own where its document takes one, and sent again
            with that key now and then, by its caller or another account (``retries.py``)."""
            key = drawn_key(self.again, self.keys) if step.keyed else None
            made = self._call(step, booking, token, body, key=key)
            if key is not None and 200 <= made.status < 300:
                others = {role: self.tokens.get(role) for role in self.plan.others}
                for again in again_as(self.again, token, others):
                    self._call(step, booking, again, body, key=key)
            return made

        def _keep(self, made: Exchange) -> str | None:
            """A booking the answer made (a create's, or a move's new one) is the walk's from now on."""
            operation = spec.operation(made.method, made.url)
            if operation is None or operation.name not in words.creates or not 200 <= made.status < 300:
                return None
            booking = words.created(operation, made)
            if booking is not None and booking not in self.known:
                self.known.append(booking)
            if booking is not None and operation.name in self.plan.follows:
                self.came_by[booking] = operation.name
            return booking

        def _body(self, pick: Random, step: Step, booking: str | None, leads: bool = False) -> Any:
            seen, own = self.shown.get(booking or ""), booking in self.own_rows
            return self.bodies(pick, step, booking, shown=seen, walked=own, leads=leads)

        def _call(
            self, step: Step, booking: str | None, token: str | None, body: Any, *,
            query: Any = None, key: str | None = None, values: Mapping[str, Any] | None = None,
        ) -> Exchange:  # fmt: skip
            named = {**(values or {}), **({words.param: booking} if booking is not None else {})}
            path = path_of(step, named, self.plan.known)
            made = sent(
                run,
                step,
                path,
                body,
                token=token,
                client=self.client,
                query=query,
                key=key,
                shared=world is None,
            )
            tally.called(step.name, made.status)
            self._note_shown(made)
            return made

        def _note_shown(self, made: Exchange) -> None:
            operation = spec.operation(made.method, made.url) if 200 <= made.status < 300 else None
            for booking, fields in words.shown(operation, answer_of(made)) if operation else ():
                # Over what it showed before: a status read shows only the status.
                self.shown[booking] = {**self.shown.get(booking, {}), **fields}

        def _after(self) -> None:
            """Every booking read again through every view, and its place, then the trace judged."""
            tally.stepped()
            for booking in self.known:
                for step in self.plan.reads:
                    self._call(step, booking, self.tokens.get(step.role), None)
            held = [self.shown.get(b, {}) for b in self.known]
            # Each list, then each place a booking holds, or held, as a client checks availability.
            places = place_reads(words, self.plan, held, alone=world is not None)
            for step, query in [*list_reads(self.plan, held), *places]:
                self._call(step, None, self.tokens.get(step.role), None, query=query)
            self._judge()

        def _judge(self) -> None:
            """The walk's exchanges the check has not seen yet; the whole trace only for a finding."""
            for exchange in run.recorder.exchanges[self.start + self.check.exchanges :]:
                found = self.check.observe(exchange)
                if found:
                    error = broken(found[0], run.recorder.exchanges[self.start :], self.names)
                    tally.found(error)
                    raise error if tally.shrink_seconds else FoundUnshrunk(error)

    return Walk
