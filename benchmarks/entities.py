"""Entity resolution on real documents: kg against the Wikipedia entity gold set.

    python benchmarks/entities.py                  # every article, a table and the totals
    python benchmarks/entities.py --split dev      # only the articles we tune on
    python benchmarks/entities.py --details        # also each article's errors

The gold (tests/data/entities/*.json, format in tests/data/README.md) names
every entity a reader finds in an article, with the names it goes by, and the
antecedent of every third-person pronoun in its first 40 sentences. The
article texts are read from ../shared/data/corpus/ (or ``$KG_CORPUS``) and
checked against the SHA-256 the gold records.

Gold mentions are the occurrences of the gold names (longest first; a hyphen
joins words, so "Meitner" is not in "Hahn-Meitner-Building"; ambiguous or
adjectival occurrences are settled by the gold's ``mentions`` list). Each
gold mention is aligned to the kg name mention that overlaps it most.

Printed per article and in total:

- merge P/R/F1: B-cubed over gold mentions (kg's entity against the gold entity;
  a gold mention kg missed counts as a singleton);
- wrong merges: kg entities holding mentions of two gold entities (of two gold
  people: ``people``); splits: gold entities spread over two kg entities;
- subject: the article's subject is one kg node under its own name (the gold
  name, or a fuller name of it) holding at least 90% of its mentions;
- types: gold entities kg found whose kg class is the gold class; and the same over
  the gold entities kg found as a node of their own ("own node"): a gold entity whose
  mentions went mostly to a kg node that stands for another gold entity ("German
  reunification" read as "German", Germany's node) is a boundary or merge error, which
  B-cubed precision and the wrong merges count already, not a typing error;
- pronouns: accuracy over every gold pronoun (kg's entity or kg's "unresolved"
  against the gold antecedent or "none"), precision of the ones kg resolved,
  and the share it resolved; nominals the same for definite role nouns;
- junk nodes: graph nodes that are dates or fragments ("March 1967", "k").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.model import DocumentGraph

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "data" / "entities"
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "enwiki-sample.jsonl"

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_NAMES = frozenset(m.capitalize() for m in _MONTHS.split("|"))
_DATE_RE = re.compile(
    rf"^(?:(?:early|late|mid|the)\s+)*(?:\d{{1,2}}\s+)?(?:{_MONTHS})?\s*\d{{0,2}},?\s*"
    rf"(?:\d{{3,4}}s?|'\d0s)?$|^\d{{3,4}}s?$|^(?:{_MONTHS})$",
    re.IGNORECASE,
)

# A gold file, or one of its entities: JSON objects.
Gold = dict[str, Any]


def corpus_path() -> Path:
    """Where the Wikipedia corpus is: ``$KG_CORPUS``, else ../shared beside the repository."""
    env = os.environ.get("KG_CORPUS")
    return Path(env) if env else CORPUS


def load_gold(split: str | None = None) -> list[Gold]:
    """The gold files (all, or one split: ``dev`` or ``check``), in a stable order."""
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]
    return [g for g in golds if split is None or g["split"] == split]


def article_texts(golds: list[Gold], path: Path | None = None) -> dict[str, str]:
    """corpus id → article text, for the gold articles; checked against the gold's SHA-256.

    Raises:
        FileNotFoundError: the corpus is not there.
        ValueError: an article's text is not the text the gold was made on.
    """
    wanted = {g["corpus_id"]: g for g in golds}
    out: dict[str, str] = {}
    with (path or corpus_path()).open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in wanted:
                out[record["id"]] = record["text"]
    for cid, gold in wanted.items():
        text = out.get(cid)
        if text is None or hashlib.sha256(text.encode()).hexdigest() != gold["sha256"]:
            raise ValueError(f"article {cid} ({gold['title']}) is missing or changed")
    return out


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    pattern = r"(?<![\w-])" + re.escape(name) + r"(?![\w-])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def demonym_countries(gold: Gold) -> dict[str, str]:
    """Gold Group entities named by a demonym ("Dutch people": "the Dutch") → the country.

    kg's convention (tests/data/README.md): a demonym used as a noun names the country
    ("the Russians" → Russia), so these count as mentions of the country's entity.
    """
    from kg.extract.lexicon import DEMONYM_PLURALS, DEMONYMS

    out = {}
    for e in gold["entities"]:
        if e["class"] != "Group":
            continue
        for name in (e["name"], *e.get("aliases", [])):
            low = name.lower().removesuffix(" people")
            country = DEMONYMS.get(DEMONYM_PLURALS.get(low, low))
            if country:
                out[e["name"]] = country
                break
    return out


def gold_entities(gold: Gold) -> list[Gold]:
    """The gold entities, with demonym groups folded into their country (see above)."""
    countries = demonym_countries(gold)
    by_name: dict[str, Gold] = {}
    for e in gold["entities"]:
        name = countries.get(e["name"], e["name"])
        entry = by_name.setdefault(
            name, {"name": name, "class": "Place" if name != e["name"] else e["class"],
                   "aliases": []},
        )  # fmt: skip
        if name == e["name"]:
            entry["class"] = e["class"]
        extra = [e["name"]] if name != e["name"] else []
        entry["aliases"] = [*entry["aliases"], *extra, *e.get("aliases", [])]
    return list(by_name.values())


def gold_mentions(gold: Gold, text: str) -> list[tuple[int, int, str]]:
    """(start, end, gold entity name) of every gold name occurrence, longest names first."""
    countries = demonym_countries(gold)
    owners: dict[str, set[str]] = defaultdict(set)
    for e in gold_entities(gold):
        for name in (e["name"], *e.get("aliases", [])):
            owners[name].add(e["name"])
    overrides = {(m["start"], m["text"]): m["entity"] for m in gold.get("mentions", [])}
    taken: list[tuple[int, int]] = []
    out = []
    for name in sorted(owners, key=len, reverse=True):
        for start, end in _occurrences(text, name):
            if any(a < end and start < b for a, b in taken):
                continue
            if (start, name) in overrides:
                entity = overrides[(start, name)]
                entity = countries.get(entity, entity) if entity is not None else None
            elif len(owners[name]) == 1:
                entity = next(iter(owners[name]))
            else:
                continue  # an ambiguous name the gold did not settle here
            taken.append((start, end))
            if entity is not None:
                out.append((start, end, entity))
    return sorted(out)


@dataclass
class ArticleScore:
    """What ``score_article`` measured on one article."""

    title: str
    split: str
    mentions: int = 0
    found: int = 0
    bcubed_p: float = 0.0
    bcubed_r: float = 0.0
    wrong_merges: list[list[str]] = field(default_factory=list)
    person_merges: list[list[str]] = field(default_factory=list)
    splits: list[tuple[str, list[str]]] = field(default_factory=list)
    subject_ok: bool = False
    subject_note: str = ""
    types_right: int = 0
    types_total: int = 0
    types_own_right: int = 0
    types_own_total: int = 0
    type_errors: list[str] = field(default_factory=list)
    pronouns: int = 0
    pronouns_right: int = 0
    pronouns_resolved: int = 0
    pronouns_resolved_right: int = 0
    pronoun_errors: list[str] = field(default_factory=list)
    nominals: int = 0
    nominals_right: int = 0
    nominals_resolved: int = 0
    junk_nodes: list[str] = field(default_factory=list)


def is_junk_node(name: str) -> bool:
    """A node that is a date or a fragment: "March 1967", "1892", "the 1930s", "k", "os"."""
    low = name.strip().lower()
    letters = sum(ch.isalpha() for ch in low)
    if letters < 3 and not any(ch.isdigit() for ch in low) and low.upper() != name.strip():
        return True  # "k", "os", "m" (but not an acronym such as "UN")
    if any(ch.isdigit() for ch in low):
        return bool(_DATE_RE.match(low))
    return name.strip() in _MONTH_NAMES  # "March", but not "march" (a concept)


def score_article(gold: Gold, text: str, graph: DocumentGraph) -> ArticleScore:
    """Score kg's resolution of one article (``graph``: its ``DocumentGraph``)."""
    s = ArticleScore(gold["title"], gold["split"])
    names = [m for m in graph.mentions if m.via not in ("pronoun", "role-noun")]
    entities = gold_entities(gold)
    classes = {e["name"]: e["class"] for e in entities}

    # Align every gold mention with the kg name mention overlapping it most.
    aligned: list[tuple[str, str | None, str | None]] = []  # gold entity, kg key, kg class
    for start, end, entity in gold_mentions(gold, text):
        best, overlap = None, 0
        for m in names:
            o = min(end, m.end) - max(start, m.start)
            if o > overlap:
                best, overlap = m, o
        key = f"{best.entity}\t{best.type}" if best is not None else None
        aligned.append((entity, key, best.type if best is not None else None))
    s.mentions = len(aligned)
    s.found = sum(k is not None for _, k, _ in aligned)

    # B-cubed: a missed gold mention is a singleton of its own.
    pred = [k if k is not None else f"missed\t{i}" for i, (_, k, _) in enumerate(aligned)]
    by_pred: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: Counter[str] = Counter()
    for (entity, _, _), p in zip(aligned, pred, strict=True):
        by_pred[p][entity] += 1
        by_gold[entity] += 1
    if aligned:
        s.bcubed_p = sum(
            by_pred[p][g] / sum(by_pred[p].values())
            for (g, _, _), p in zip(aligned, pred, strict=True)
        ) / len(aligned)
        s.bcubed_r = sum(
            by_pred[p][g] / by_gold[g] for (g, _, _), p in zip(aligned, pred, strict=True)
        ) / len(aligned)
    for p, golds in by_pred.items():
        if p.startswith("missed") or len(golds) < 2:
            continue
        s.wrong_merges.append([p.split("\t")[0], *sorted(golds)])
        people = sorted(g for g in golds if classes.get(g) == "Person")
        if len(people) >= 2:
            s.person_merges.append([p.split("\t")[0], *people])
    kg_of: dict[str, Counter[str]] = defaultdict(Counter)
    for entity, key, _ in aligned:
        if key is not None:
            kg_of[entity][key] += 1
    for entity, keys in kg_of.items():
        if len(keys) > 1:
            s.splits.append((entity, sorted(k.split("\t")[0] for k in keys)))

    # Types: the class of the kg entity that holds most of a gold entity's mentions (and
    # separately, only where that kg entity stands for this gold entity: see the top).
    main_kg = {entity: keys.most_common(1)[0][0] for entity, keys in kg_of.items()}
    stands_for = {key: golds.most_common(1)[0][0] for key, golds in by_pred.items()}
    for entity, key in sorted(main_kg.items()):
        s.types_total += 1
        kg_class = key.split("\t")[1]
        stands = stands_for[key] == entity
        s.types_own_total += stands
        s.types_own_right += stands and kg_class == classes[entity]
        if kg_class == classes[entity]:
            s.types_right += 1
        else:
            kg_name = key.split("\t")[0]
            named = "" if kg_name == entity else f" ({kg_name!r})"
            where = "" if stands else " [node of another]"
            s.type_errors.append(f"{entity}: gold {classes[entity]}, kg {kg_class}{named}{where}")

    # The subject: one node, under its own name.
    subject = gold["subject"]
    keys = kg_of.get(subject, Counter())
    total = by_gold.get(subject, 0)
    if keys and total:
        key, held = keys.most_common(1)[0]
        label = key.split("\t")[0]
        entry = next(e for e in entities if e["name"] == subject)
        own = {subject} | {
            a for a in entry.get("aliases", []) if len(a.split()) >= len(subject.split())
        }
        s.subject_ok = label in own and held / total >= 0.9
        s.subject_note = f"{label!r} holds {held}/{total}"

    # Pronouns and nominals: kg's entities (mapped to gold entities) against the gold.
    # A kg entity stands for the gold entity most of its aligned mentions name.
    to_gold = {key: golds.most_common(1)[0][0] for key, golds in by_pred.items()}
    records: dict[tuple[int, str], set[str]] = defaultdict(set)
    for m in graph.mentions:
        if m.via in ("pronoun", "role-noun") and m.entity is not None and m.type != "Concept":
            records[(m.start, m.via)].add(to_gold.get(f"{m.entity}\t{m.type}", "?" + m.entity))
    countries = demonym_countries(gold)
    for kind, via in (("pronouns", "pronoun"), ("nominals", "role-noun")):
        for p in gold.get(kind, []):
            want = p["antecedent"]
            want_set = set(want) if isinstance(want, list) else {want} if want else set()
            want_set = {countries.get(w, w) for w in want_set}
            got: set[str] = set()
            for (start, v), ents in records.items():
                if v == via and p["start"] <= start < p["end"]:
                    got |= ents
            right = got == want_set
            if kind == "pronouns":
                s.pronouns += 1
                s.pronouns_right += right
                s.pronouns_resolved += bool(got)
                s.pronouns_resolved_right += bool(got) and right
                if not right:
                    s.pronoun_errors.append(
                        f"{p['start']} {p['text']!r}: gold {sorted(want_set) or 'none'}, "
                        f"kg {sorted(got) or 'unresolved'}"
                    )
            else:
                s.nominals += 1
                s.nominals_right += right and bool(want_set)
                s.nominals_resolved += bool(got)

    s.junk_nodes = sorted(e.name for e in graph.entities.values() if is_junk_node(e.name))
    return s


@dataclass
class Totals:
    """Micro-averaged figures over several articles."""

    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    wrong_merges: int
    person_merges: int
    splits: int
    subjects_ok: int
    articles: int
    type_accuracy: float
    type_accuracy_own: float
    pronoun_accuracy: float
    pronoun_precision: float
    pronoun_resolved: float
    nominal_precision: float
    nominal_recall: float
    junk_nodes: int


def totals(scores: list[ArticleScore]) -> Totals:
    """The figures over all ``scores`` (B-cubed weighted by mentions)."""
    n = sum(s.mentions for s in scores) or 1
    p = sum(s.bcubed_p * s.mentions for s in scores) / n
    r = sum(s.bcubed_r * s.mentions for s in scores) / n
    pron = sum(s.pronouns for s in scores) or 1
    resolved = sum(s.pronouns_resolved for s in scores)
    nominals = sum(s.nominals for s in scores) or 1
    nominal_resolved = sum(s.nominals_resolved for s in scores)
    return Totals(
        bcubed_p=p,
        bcubed_r=r,
        bcubed_f1=2 * p * r / (p + r) if p + r else 0.0,
        wrong_merges=sum(len(s.wrong_merges) for s in scores),
        person_merges=sum(len(s.person_merges) for s in scores),
        splits=sum(len(s.splits) for s in scores),
        subjects_ok=sum(s.subject_ok for s in scores),
        articles=len(scores),
        type_accuracy=sum(s.types_right for s in scores)
        / (sum(s.types_total for s in scores) or 1),
        type_accuracy_own=sum(s.types_own_right for s in scores)
        / (sum(s.types_own_total for s in scores) or 1),
        pronoun_accuracy=sum(s.pronouns_right for s in scores) / pron,
        pronoun_precision=sum(s.pronouns_resolved_right for s in scores) / (resolved or 1),
        pronoun_resolved=resolved / pron,
        nominal_precision=sum(s.nominals_right for s in scores) / (nominal_resolved or 1),
        nominal_recall=sum(s.nominals_right for s in scores) / nominals,
        junk_nodes=sum(len(s.junk_nodes) for s in scores),
    )


def run(golds: list[Gold], texts: dict[str, str]) -> list[ArticleScore]:
    """Extract every gold article with kg and score it."""
    from kg.io import Document
    from kg.run.documents import extract_documents

    docs = [Document(g["corpus_id"], texts[g["corpus_id"]]) for g in golds]
    graphs = extract_documents(docs, n_process=1)
    return [
        score_article(g, texts[g["corpus_id"]], graph)
        for g, graph in zip(golds, graphs, strict=True)
    ]


def report(scores: list[ArticleScore], *, details: bool = False) -> str:
    """The table of ``scores``, the totals, and (with ``details``) every error."""
    lines = [
        f"{'article':32} {'split':5} {'B3 P':>5} {'B3 R':>5} {'wrong':>5} {'ppl':>3} "
        f"{'split':>5} {'subj':>4} {'types':>5} {'pron':>5} {'junk':>4}"
    ]
    for s in scores:
        lines.append(
            f"{s.title[:32]:32} {s.split:5} {s.bcubed_p:5.3f} {s.bcubed_r:5.3f} "
            f"{len(s.wrong_merges):5} {len(s.person_merges):3} {len(s.splits):5} "
            f"{'yes' if s.subject_ok else 'NO':>4} "
            f"{s.types_right / (s.types_total or 1):5.3f} "
            f"{s.pronouns_right / (s.pronouns or 1):5.3f} {len(s.junk_nodes):4}"
        )
    t = totals(scores)
    lines += [
        "",
        f"merge B-cubed P {t.bcubed_p:.3f} R {t.bcubed_r:.3f} F1 {t.bcubed_f1:.3f}; "
        f"wrong merges {t.wrong_merges} (of different people: {t.person_merges}); "
        f"splits {t.splits}",
        f"subject one node under its own name: {t.subjects_ok}/{t.articles}; "
        f"type accuracy {t.type_accuracy:.3f} (on gold entities kg found as a node of "
        f"their own: {t.type_accuracy_own:.3f})",
        f"pronoun accuracy {t.pronoun_accuracy:.3f} (precision {t.pronoun_precision:.3f}, "
        f"resolved {t.pronoun_resolved:.3f}); role nouns: precision {t.nominal_precision:.3f}, "
        f"recall {t.nominal_recall:.3f}",
        f"date or fragment nodes: {t.junk_nodes}",
    ]
    if details:
        for s in scores:
            lines += ["", f"== {s.title} ({s.split}): subject {s.subject_note}"]
            lines += [f"  wrong merge: {' / '.join(w)}" for w in s.wrong_merges]
            lines += [f"  split: {e} → {k}" for e, k in s.splits]
            lines += [f"  type: {e}" for e in s.type_errors]
            lines += [f"  pronoun: {e}" for e in s.pronoun_errors]
            lines += [f"  junk node: {n!r}" for n in s.junk_nodes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "check"], default=None)
    parser.add_argument("--details", action="store_true", help="print every error")
    args = parser.parse_args(argv)
    golds = load_gold(args.split)
    try:
        texts = article_texts(golds)
    except FileNotFoundError:
        print(f"corpus not found: {corpus_path()} (it lives in ../shared; or set KG_CORPUS)")
        return 2
    print(report(run(golds, texts), details=args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
