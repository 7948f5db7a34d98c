"""Synthetic worlds: curated YAML of any size, shaped like the real arms trade, for benchmarks.

A world is written in the curated format (the files ``kg build`` reads), so building it runs
the real loader, resolver, fuzzy-date reader and validation. It references the states of the
seeds (``seeds/states.yaml``, by ISO3 id) and adds synthetic states when asked for more than
the seeds hold; build it together with the seeds::

    kg synth --deals 50000 --disputes 2000 --out world
    kg build seeds world

Its shape follows the real data: a few suppliers make most deals (Zipf-distributed shares),
disputes are mostly between states of the same region, dates spread over seven decades and
are written fuzzily ("early 1987", "Q3 2004", "the late 1990s"), and several sources describe
the same deals, some of them with different figures or dates. The same seed gives the same
bytes; records are written one by one, so a world of millions of triples never sits in
memory as a whole.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from kg.errors import KGError
from kg.paths import seeds_dir

__all__ = ["WorldSpec", "WorldSummary", "write_world", "spec_for_triples", "TRIPLES_PER_DEAL"]

log = logging.getLogger(__name__)

# Quads one registry deal brings into a build, everything it drags along included (its share of
# events, other sources' accounts, disputes, systems...). Measured on built worlds of 1k-50k
# deals with the default ratios (see benchmarks/bench.py); used to size a world by triples.
TRIPLES_PER_DEAL = 28.2
# Records per file: keeps files small enough to edit and parse one at a time.
CHUNK = 20_000
# Written last into every world; write_world replaces only folders that hold it.
MARKER = "world.json"
FIRST_YEAR, LAST_YEAR = 1950, 2024
ONGOING_SINCE = 2015  # a dispute that started earlier has ended
# The largest exporters first, so that the heavy tail of supplier shares looks familiar.
BIG_EXPORTERS = ("USA", "RUS", "FRA", "CHN", "DEU", "GBR", "ITA", "ISR", "ESP", "KOR", "NLD")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,()/'-]*")
_YAML_WORDS = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class WorldSpec:
    """How big a world to make, and the seed that fixes every choice."""

    states: int = 197
    deals: int = 1000
    disputes: int = 100
    seed: int = 1

    def __post_init__(self) -> None:
        if self.states < 2:
            raise KGError(f"a world needs at least 2 states, not {self.states}")
        if self.deals < 0 or self.disputes < 0:
            raise KGError("the numbers of deals and disputes cannot be negative")


@dataclass
class WorldSummary:
    """What was written: the files, and the records of each type."""

    out_dir: Path
    files: list[str] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)


def spec_for_triples(triples: int, *, seed: int = 1, states: int = 197) -> WorldSpec:
    """A world of about ``triples`` quads once built with the seeds.

    >>> spec_for_triples(1_000_000).deals
    35461
    """
    deals = max(1, round(triples / TRIPLES_PER_DEAL))
    return WorldSpec(states=states, deals=deals, disputes=max(2, deals // 20), seed=seed)


# ------------------------------------------------------------------ YAML text, written by hand


def _scalar(v: Any) -> str:
    """One YAML scalar; quoted (as JSON, a subset of YAML) unless plainly safe."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_scalar(x)}" for k, x in v.items()) + "}"
    text = str(v)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _record(rtype: str, rid: str, fields: list[tuple[str, Any]]) -> str:
    lines = [f"  - type: {rtype}\n    id: {_scalar(rid)}\n"]
    lines.extend(f"    {k}: {_scalar(v)}\n" for k, v in fields if v is not None)
    return "".join(lines)


def _source_head(source: dict[str, Any] | str) -> str:
    if isinstance(source, str):
        return f"source: {_scalar(source)}\nrecords:\n"
    body = "".join(f"  {k}: {_scalar(v)}\n" for k, v in source.items())
    return f"source:\n{body}records:\n"


class _Files:
    """Writes one source's records into numbered files of at most :data:`CHUNK` records.

    The first file declares the source when ``declaration`` is given; every other file names it.
    """

    def __init__(
        self,
        folder: Path,
        stem: str,
        source_id: str,
        summary: WorldSummary,
        declaration: dict[str, Any] | None = None,
    ):
        self.folder, self.stem, self.summary = folder, stem, summary
        self.source_id, self.declaration = source_id, declaration
        self.fh: TextIO | None = None
        self.count = 0
        self.part = 0

    def add(self, rtype: str, rid: str, fields: list[tuple[str, Any]]) -> None:
        if self.fh is None or self.count == CHUNK:
            self._next()
        assert self.fh is not None
        self.fh.write(_record(rtype, rid, fields))
        self.count += 1
        self.summary.records[rtype] = self.summary.records.get(rtype, 0) + 1

    def _next(self) -> None:
        self.close()
        self.part += 1
        name = f"{self.stem}.yaml" if self.part == 1 else f"{self.stem}-{self.part:03d}.yaml"
        self.fh = open(self.folder / name, "w", encoding="utf-8", newline="\n")
        source = self.declaration if self.part == 1 and self.declaration else self.source_id
        self.fh.write(_HEADER + _source_head(source))
        self.summary.files.append(name)
        self.count = 0

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


_HEADER = "# A synthetic world written by `kg synth`: invented facts, not real ones.\n"


# ------------------------------------------------------------------ the world


@dataclass
class _State:
    id: str
    label: str
    region: str


def _seed_states() -> list[_State]:
    path = seeds_dir() / "states.yaml"
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except OSError as e:
        raise KGError(f"{path}: cannot read the seed states a world refers to ({e})") from e
    return [
        _State(r["id"], r.get("label", r["id"]), r.get("region") or r.get("continent") or "World")
        for r in doc["records"]
        if r.get("type") == "State"
    ]


def _zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


class _World:
    def __init__(self, spec: WorldSpec):
        self.spec = spec
        self.rng = random.Random(spec.seed)
        seeds = _seed_states()
        if spec.states <= len(seeds):
            picked = sorted(self.rng.sample(range(len(seeds)), spec.states))
            self.states = [seeds[i] for i in picked]
            self.extra: list[_State] = []
        else:
            regions = sorted({s.region for s in seeds})
            self.extra = [
                _State(f"SYN-{i:05d}", f"Synthland {i}", self.rng.choice(regions))
                for i in range(1, spec.states - len(seeds) + 1)
            ]
            self.states = seeds + self.extra
        ids = [s.id for s in self.states]
        big = [c for c in BIG_EXPORTERS if c in ids]
        rest = [c for c in ids if c not in big]
        self.rng.shuffle(rest)
        self.supplier_order = big + rest
        # Zipf shares: the first supplier makes about a fifth of the deals, as in SIPRI's data
        self.supplier_cum = _cumulative(_zipf_weights(len(ids), 1.3))
        self.recipient_order = list(ids)
        self.rng.shuffle(self.recipient_order)
        self.recipient_cum = _cumulative(_zipf_weights(len(ids), 0.8))
        self.by_region: dict[str, list[str]] = {}
        for s in self.states:
            self.by_region.setdefault(s.region, []).append(s.id)
        n_systems = max(20, min(5000, spec.deals // 40))
        self.makers = self.supplier_order[: max(1, min(40, len(ids) // 2))]
        self.systems: list[tuple[str, str, str]] = []  # id, maker, type
        self.systems_of: dict[str, list[int]] = {}
        kinds = (
            "aircraft",
            "armoured-vehicle",
            "artillery",
            "missile",
            "air-defence-system",
            "ship",
            "sensor",
            "engine",
        )
        for i in range(n_systems):
            maker = self.makers[self._pick(self.supplier_cum[: len(self.makers)])]
            self.systems.append((f"sys-{i + 1:05d}", maker, kinds[i % len(kinds)]))
            self.systems_of.setdefault(maker, []).append(i)
        self.alliances = max(2, len(ids) // 15)

    def _pick(self, cum: list[float]) -> int:
        return _bisect(cum, self.rng.random() * cum[-1])

    def supplier(self) -> str:
        return self.supplier_order[self._pick(self.supplier_cum)]

    def recipient(self, supplier: str) -> str:
        while True:
            r = self.recipient_order[self._pick(self.recipient_cum)]
            if r != supplier:
                return r

    def year(self) -> int:
        # more deals in recent decades: density grows over time
        span = LAST_YEAR - FIRST_YEAR
        return FIRST_YEAR + min(span, int(span * self.rng.random() ** 0.6))

    def fuzzy(self, year: int) -> Any:
        """A date in ``year``, written the way sources write it."""
        r, rng = self.rng.random(), self.rng
        if r < 0.40:
            return year
        if r < 0.55:
            return f"{rng.choice(('early', 'mid', 'late'))} {year}"
        if r < 0.70:
            return f"{rng.choice(_MONTHS)} {year}"
        if r < 0.80:
            return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if r < 0.85:
            return f"Q{rng.randint(1, 4)} {year}"
        if r < 0.90:
            return f"{rng.choice(('spring', 'summer', 'autumn'))} {year}"
        if r < 0.95:
            return f"{rng.choice(('first', 'second'))} half of {year}"
        if r < 0.97:
            decade = year - year % 10
            return f"the {rng.choice(('early', 'mid', 'late'))} {decade}s"
        return f"between {year} and {year + 1}"


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _deal_id(i: int) -> str:
    return f"deal-{i:07d}"


_UNITS = {
    "aircraft": "aircraft",
    "armoured-vehicle": "vehicle",
    "artillery": "system",
    "missile": "missile",
    "air-defence-system": "battery",
    "ship": "ship",
    "sensor": "system",
    "engine": "item",
}


def _source(sid: str, title: str, kind: str, **extra: str) -> dict[str, Any]:
    return {"id": sid, "title": title, "author": "kg synth", **extra, "kind": kind}


class _Writer:
    """Writes the files of one world; remembers what later files refer back to."""

    def __init__(self, world: _World, folder: Path, summary: WorldSummary):
        self.w, self.rng, self.folder, self.summary = world, world.rng, folder, summary
        self.ids = [s.id for s in world.states]
        # per deal: (supplier, recipient, system, order year); compact, for the other sources
        self.deals: list[tuple[str, str, str, int]] = []
        self.bought: dict[str, list[int]] = {}  # recipient -> its first deals
        self.suspended: list[int] = []

    def files(self, stem: str, source_id: str, declaration: dict | None = None) -> _Files:
        return _Files(self.folder, stem, source_id, self.summary, declaration)

    def write(self) -> None:
        if self.w.extra:
            self.gazetteer()
        self.register()
        self.conflicts()
        for tag, share in (("a", 0.08), ("b", 0.04)):
            self.news(tag, share)

    def gazetteer(self) -> None:
        out = self.files(
            "states",
            "synth-gazetteer",
            _source("synth-gazetteer", "Synthetic states", "reference-table"),
        )
        for s in self.w.extra:
            out.add("State", s.id, [("label", s.label), ("region", s.region)])
        out.close()

    def register(self) -> None:
        w = self.w
        decl = _source(
            "synth-registry", "Synthetic arms transfers register", "dataset", publisher="kg project"
        )
        out = self.files("registry", "synth-registry", decl)
        for sid, maker, kind in w.systems:
            number = int(sid[4:])
            out.add(
                "WeaponSystem",
                sid,
                [
                    ("label", f"Type {number} {kind.replace('-', ' ')}"),
                    ("aliases", [f"T-{number}"]),
                    ("system_type", [kind]),
                    ("maker", [maker]),
                ],
            )
        for code in w.makers:
            out.add(
                "GovernmentAgency",
                f"agency-{code}",
                [
                    ("label", f"Arms export agency of {code}"),
                    ("country", code),
                    ("role", "state agency for arms exports"),
                ],
            )
        for a in range(1, w.alliances + 1):
            out.add("Alliance", f"alliance-{a:03d}", [("label", f"Synthetic alliance {a}")])
        out.close()
        deals = self.files("deals", "synth-registry")
        for i in range(1, w.spec.deals + 1):
            self.deal(deals, i)
        deals.close()
        self.memberships()

    def deal(self, out: _Files, i: int) -> None:
        w, rng = self.w, self.rng
        supplier = w.supplier()
        recipient = w.recipient(supplier)
        own = w.systems_of.get(supplier)
        index = rng.choice(own) if own and rng.random() < 0.8 else rng.randrange(len(w.systems))
        sid, _, kind = w.systems[index]
        year = w.year()
        qty = max(1, int(rng.paretovariate(1.2) * 2))
        r = rng.random()
        if r < 0.70 or year < 2010:
            status = "delivered"
        else:
            status = "in-delivery" if r < 0.85 else ("ordered" if r < 0.97 else "cancelled")
        delivered = {"delivered": qty, "in-delivery": rng.randint(0, qty)}.get(status)
        first = min(LAST_YEAR, year + rng.randint(0, 3))
        years = sorted({min(LAST_YEAR, first + k) for k in range(rng.randint(1, 3))})
        tiv_unit = round(rng.lognormvariate(1.0, 1.2), 2)
        labelled = rng.random() < 0.3
        fields: list[tuple[str, Any]] = [
            ("label", f"{supplier}-{recipient} {sid} ({year})" if labelled else None),
            ("supplier", supplier),
            ("recipient", recipient),
            ("system", sid),
            ("quantity", qty),
            ("unit", _UNITS[kind]),
            ("order_date", w.fuzzy(year)),
            ("status", status),
            ("delivered", delivered),
            ("delivery_years", years if delivered else None),
            ("tiv_unit", tiv_unit),
            ("tiv_order", round(tiv_unit * qty, 2)),
            ("tiv_delivered", round(tiv_unit * delivered, 2) if delivered else None),
            ("condition", "second-hand" if rng.random() < 0.15 else None),
            ("certainty", "estimated" if rng.random() < 0.1 else "confirmed"),
        ]
        if rng.random() < 0.05:
            fields.append(("uncertain", ["quantity"]))
        if rng.random() < 0.03:
            fields.append(("value", {"amount": rng.randint(1, 900) * 1_000_000, "currency": "USD"}))
        deal = _deal_id(i)
        out.add("ArmsDeal", deal, fields)
        self.deals.append((supplier, recipient, sid, year))
        mine = self.bought.setdefault(recipient, [])
        if len(mine) < 3:
            mine.append(i)
        r = rng.random()
        if r < 0.25:
            out.add(
                "DealEvent",
                f"ev-{i:07d}-order",
                [("deal", deal), ("event_type", "order"), ("date", w.fuzzy(year))],
            )
        if delivered and r < 0.20:
            out.add(
                "DealEvent",
                f"ev-{i:07d}-ship",
                [("deal", deal), ("event_type", "shipments-began"), ("date", w.fuzzy(first))],
            )
            if status == "delivered" and r < 0.12:
                out.add(
                    "DealEvent",
                    f"ev-{i:07d}-done",
                    [
                        ("deal", deal),
                        ("event_type", "delivery-completed"),
                        ("date", w.fuzzy(years[-1])),
                    ],
                )
        if status == "in-delivery" and rng.random() < 0.15:
            self.suspended.append(i)

    def memberships(self) -> None:
        w, rng = self.w, self.rng
        out = self.files("memberships", "synth-registry")
        n = 0
        for code in self.ids:
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                n += 1
                start = w.year()
                fields: list[tuple[str, Any]] = [
                    ("member", code),
                    ("organization", f"alliance-{rng.randint(1, w.alliances):03d}"),
                    ("start", w.fuzzy(start)),
                ]
                if rng.random() < 0.2 and start < LAST_YEAR:
                    fields.append(("end", w.fuzzy(rng.randint(start + 1, LAST_YEAR))))
                    fields.append(("end_reason", rng.choice(("withdrawal", "removal"))))
                    if self.bought.get(code) and rng.random() < 0.5:
                        fields.append(("ended_because_of", [_deal_id(self.bought[code][0])]))
                out.add("Membership", f"membership-{n:05d}", fields)
        out.close()

    def conflicts(self) -> None:
        w, rng, ids = self.w, self.rng, self.ids
        decl = _source("synth-conflicts", "Synthetic militarized disputes", "dataset")
        out = self.files("disputes", "synth-conflicts", decl)
        regions = [r for r, members in sorted(w.by_region.items()) if len(members) >= 2]
        for k in range(1, w.spec.disputes + 1):
            # mostly neighbours: both parties from one region
            if regions and rng.random() < 0.8:
                a, b = rng.sample(w.by_region[rng.choice(regions)], 2)
            else:
                a, b = rng.sample(ids, 2)
            side_a, side_b = [a], [b]
            third = rng.choice(ids)
            if rng.random() < 0.15 and third not in (a, b):
                side_a.append(third)
            start = w.year()
            kind = rng.choice(("militarized-interstate-dispute", "border-dispute", "war"))
            fields: list[tuple[str, Any]] = [
                ("label", f"Dispute {k} between {a} and {b}"),
                ("parties", side_a + side_b),
                ("side_a", side_a),
                ("side_b", side_b),
                ("dispute_kind", kind),
                ("start", w.fuzzy(start)),
            ]
            # as in the Correlates of War data, old disputes have ended; some recent ones go on
            if start < ONGOING_SINCE or rng.random() < 0.5:
                fields.append(("end", w.fuzzy(min(LAST_YEAR, start + rng.randint(0, 4)))))
            out.add("Dispute", f"dispute-{k:06d}", fields)
        for k in range(1, w.spec.disputes // 10 + 1):
            if not self.deals:
                break
            i = rng.randint(1, len(self.deals))
            _, recipient, _, year = self.deals[i - 1]
            other = rng.choice([c for c in ids[:50] if c != recipient] or ids)
            after = w.fuzzy(min(LAST_YEAR, year + 1))
            if k % 2:
                out.add(
                    "Crisis",
                    f"crisis-{k:05d}",
                    [
                        ("label", f"Crisis over deal {i}"),
                        ("parties", [recipient, other]),
                        ("about", [_deal_id(i)]),
                        ("start", after),
                    ],
                )
            else:
                out.add(
                    "Sanction",
                    f"sanction-{k:05d}",
                    [
                        ("label", f"Sanction over deal {i}"),
                        ("imposer", other),
                        ("target", recipient),
                        ("about", [_deal_id(i)]),
                        ("start", after),
                    ],
                )
        out.close()

    def news(self, tag: str, share: float) -> None:
        w, rng = self.w, self.rng
        wire = f"Synthetic Wire {tag.upper()}"
        decl = _source(f"synth-news-{tag}", f"{wire}: defence news", "news-article", publisher=wire)
        out = self.files(f"news-{tag}", f"synth-news-{tag}", decl)
        outlet = f"outlet-{tag}"
        out.add("MediaOutlet", outlet, [("label", wire)])
        for i, (supplier, recipient, sid, year) in enumerate(self.deals, start=1):
            if rng.random() >= share:
                continue
            # another account of the register's deal; about a third disagree on the year
            shift = rng.choice((-1, 1)) if rng.random() < 0.3 else 0
            fields: list[tuple[str, Any]] = [
                ("supplier", supplier),
                ("recipient", recipient),
                ("system", sid),
                ("order_date", w.fuzzy(max(FIRST_YEAR, year + shift))),
                ("certainty", "reported"),
                ("attributed_to", [outlet]),
            ]
            if rng.random() < 0.6:
                fields.insert(3, ("quantity", max(1, int(rng.paretovariate(1.2) * 2))))
            out.add("ArmsDeal", _deal_id(i), fields)
        for i in self.suspended:
            if rng.random() >= 0.5:
                continue
            supplier, _, _, year = self.deals[i - 1]
            when = w.fuzzy(min(LAST_YEAR, year + 2))
            event = f"ev-{i:07d}-halt-{tag}"
            out.add(
                "DealEvent",
                event,
                [
                    ("label", f"Deliveries halted under deal {i}"),
                    ("deal", _deal_id(i)),
                    ("event_type", "suspension"),
                    ("date", when),
                    ("certainty", "reported"),
                    ("attributed_to", [outlet]),
                ],
            )
            for n, (cause, judged) in enumerate(_CAUSES, start=1):
                if n > 1 and rng.random() < 0.5:
                    continue
                out.add(
                    "Explanation",
                    f"{event}-why-{n}",
                    [
                        ("explains", event),
                        ("cause", cause),
                        ("assessment", judged),
                        ("attributed_to", [outlet]),
                    ],
                )
            if supplier in w.makers:
                out.add(
                    "Statement",
                    f"{event}-said",
                    [
                        ("speaker", f"agency-{supplier}"),
                        ("about", [_deal_id(i)]),
                        ("date", when),
                        ("content", "The contract is being carried out as agreed."),
                    ],
                )
        out.close()


_CAUSES = (
    ("Technical problems delayed the work.", "plausible"),
    ("A political quarrel with a third state.", "not-assessed"),
)


def write_world(out_dir: Path | str, spec: WorldSpec) -> WorldSummary:
    """Write the world ``spec`` describes into ``out_dir``, replacing it whole (atomically).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "world"
    >>> summary = write_world(out, WorldSpec(states=20, deals=50, disputes=5, seed=7))
    >>> summary.records["ArmsDeal"] >= 50, sorted(summary.files)[0]
    (True, 'deals.yaml')
    """
    out_dir = Path(out_dir)
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise KGError(
            f"{out_dir} exists and was not written by kg synth (no {MARKER}); "
            "choose another --out, or remove it yourself"
        )
    summary = WorldSummary(out_dir)
    try:
        _Writer(_World(spec), tmp, summary).write()
        summary.records = dict(sorted(summary.records.items()))
        marker = {"spec": asdict(spec), "files": summary.files, "records": summary.records}
        (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=parent))
            os.rename(out_dir, old / "previous")
            os.rename(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("wrote %d files into %s", len(summary.files), out_dir)
    return summary
