"""Faster drop-ins for two of spaCy's rule components: the same output, a fraction of the time.

``en_core_web_sm`` spends about 15% of its parse in two rule-based components
(measured over 8 long Wikipedia articles: 1.0 s of 15 s each):

- the ``attribute_ruler``, whose ``Matcher`` tries each of its ~180 token patterns
  at every token;
- the ``lemmatizer``, which makes a Python ``Token`` per token to look up a cache.

Both are pure functions of a few attributes of a token (its tag, lower-case form
and dependency; its text, POS and morphology), and a text has few distinct
combinations. :func:`speed_up` makes each component work out one answer per
combination and reuse it, and changes nothing else: the ruler still applies its
matches with spaCy's own ``set_annotations`` in spaCy's order, and a lemma is still
what spaCy's ``rule_lemmatize`` returns. A ruler with a pattern feature this
module does not read (an ``OP``, another attribute or predicate) keeps spaCy's
matcher, and a lemmatizer in another mode keeps spaCy's ``__call__``.

Example:
    >>> import kg.nlp
    >>> doc = kg.nlp.parse("They were gon na sing.")
    >>> [t.lemma_ for t in doc]
    ['they', 'be', 'go', 'to', 'sing', '.']
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Token attributes a ruler's patterns may test here (spaCy attribute names), each a
#: string's hash or a flag in ``Doc.to_array`` (not POS: an enum, which the Matcher maps);
#: the first two are a word's own (many values), the others its tags (few).
_ATTRS = ("LOWER", "ORTH", "TAG", "DEP", "IS_SPACE")
#: A plan forgets the keys it has seen beyond this many (a long build meets new words).
_MAX_KEYS = 200_000
_LEXICAL = 2
#: A token's key: its values of ``_ATTRS``, as ``Doc.to_array`` gives them.
_Key = tuple[int, ...]
_Test = Callable[[_Key], bool]


def speed_up(nlp: Language) -> Language:
    """Give ``nlp``'s ``attribute_ruler`` and English rule ``lemmatizer`` the faster methods.

    In place: each component keeps its state, config and serialisation; its class
    becomes a subclass that only replaces ``match`` (the ruler) or ``__call__`` (the
    lemmatizer).
    """
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import AttributeRuler

    for _, pipe in nlp.pipeline:
        if type(pipe) is AttributeRuler and _compile(pipe) is not None:
            pipe.__class__ = _classes()[0]
        elif type(pipe) is EnglishLemmatizer and pipe.mode == "rule":
            pipe.__class__ = _classes()[1]
            if pipe.lookups.has_table("lemma_index"):
                index = pipe.lookups.get_table("lemma_index")
                for pos, words in list(index.items()):
                    if type(words) is list:
                        index[pos] = _Words(words)
    return nlp


class _Words(list[str]):
    """A list of words that answers ``in`` from a set: spaCy's lemmatizer asks whether a
    form is a known word of its class once per rule, of lists of up to 57,000 words
    (100 µs a new word). Still a list, so the tables serialise as before."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        super().__init__(words)
        self._set: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._set is None:
            self._set = frozenset(self)
        return word in self._set


def _forgets(name: str) -> Callable[..., Any]:
    """``list.<name>``, which also drops the set of a :class:`_Words` (it may change it)."""
    method = getattr(list, name)

    def changed(self: _Words, *args: Any) -> Any:
        self._set = None
        return method(self, *args)

    changed.__name__ = name
    return changed


for _name in ("__setitem__", "__delitem__", "__iadd__", "append", "extend", "insert", "pop",
              "remove", "clear"):  # fmt: skip
    setattr(_Words, _name, _forgets(_name))


@functools.cache
def _classes() -> tuple[type, type]:
    """The two subclasses (made on first use: importing this module loads no spaCy)."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import AttributeRuler

    ruler = type("FastAttributeRuler", (AttributeRuler,), {"match": _match})
    lemmatizer = type("FastEnglishLemmatizer", (EnglishLemmatizer,), {"__call__": _lemmatize})
    for made in (ruler, lemmatizer):
        made.__module__ = __name__
        globals()[made.__name__] = made  # pickled by reference, as kg._rules.<name>
    return ruler, lemmatizer


_MEMOS: weakref.WeakKeyDictionary[Any, tuple[object, dict[tuple[int, int, int], int]]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True)
class _Check:
    """One token of one pattern: where it stands, and its test of a token's key."""

    where: tuple[int, int, int]  # (pattern, alternative, position)
    test: _Test
    reads_word: bool
    lowers: frozenset[int] | None  # the only LOWER values that can pass; None: any


class _Plan:
    """An attribute ruler's patterns as checks of a token's key, and what each key passes.

    A key is checked once. Checks that do not read the lower-case form are answered
    once per key without it (there are few such keys); a check that wants one of some
    lower-case forms is tried only on those.
    """

    def __init__(self, patterns: list[tuple[int, int, int]], checks: list[_Check]) -> None:
        #: (attr_id, match_id, length) of each pattern's alternative, by (pattern, alternative).
        self.patterns = patterns
        self.blind = [c for c in checks if not c.reads_word]
        self.lexical = [c for c in checks if c.reads_word and c.lowers is None]
        self.by_lower: dict[int, list[_Check]] = {}
        for check in checks:
            for lower in check.lowers or ():
                self.by_lower.setdefault(lower, []).append(check)
        self.passes: dict[_Key, frozenset[tuple[int, int, int]]] = {}
        self.blind_passes: dict[_Key, frozenset[tuple[int, int, int]]] = {}

    def passed(self, key: _Key) -> frozenset[tuple[int, int, int]]:
        """The (pattern, alternative, position) whose check ``key`` passes."""
        found = self.passes.get(key)
        if found is None:
            if len(self.passes) >= _MAX_KEYS:
                self.passes.clear()
            blind_key = key[_LEXICAL:]
            base = self.blind_passes.get(blind_key)
            if base is None:
                base = self.blind_passes[blind_key] = frozenset(
                    c.where for c in self.blind if c.test(key)
                )
            lexical = [*self.lexical, *self.by_lower.get(key[0], ())]
            found = self.passes[key] = base | {c.where for c in lexical if c.test(key)}
        return found


def _compile(ruler: Any) -> _Plan | None:
    """The ruler's patterns as a :class:`_Plan`; None when one uses a feature not read here.

    Kept until the ruler's patterns change (``add`` appends to ``attrs``, ``clear``
    makes a new list).
    """
    stamp = (id(ruler.attrs), len(ruler.attrs))
    known = _PLANS.get(ruler)
    if known is not None and known[0] == stamp:
        return known[1]
    strings = ruler.vocab.strings
    patterns: list[tuple[int, int, int]] = []
    checks: list[_Check] = []
    plan: _Plan | None = None
    for attr_id, entry in enumerate(ruler.patterns):
        match_id = strings.add(str(attr_id))
        for pattern in entry["patterns"]:
            where = len(patterns)
            patterns.append((attr_id, match_id, len(pattern)))
            made = [_check(spec, strings, (where, 0, i)) for i, spec in enumerate(pattern)]
            if not pattern or None in made:
                break
            checks += [c for c in made if c is not None]
        else:
            continue
        break
    else:
        plan = _Plan(patterns, checks)
    _PLANS[ruler] = (stamp, plan)
    return plan


_PLANS: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], _Plan | None]] = (
    weakref.WeakKeyDictionary()
)


def _check(spec: dict[str, Any], strings: Any, where: tuple[int, int, int]) -> _Check | None:
    """One token of a pattern as a :class:`_Check` (the Matcher's meaning), or None."""
    tests: list[_Test] = []
    lowers: frozenset[int] | None = None
    for attr, value in spec.items():
        if attr not in _ATTRS:
            return None
        at = _ATTRS.index(attr)
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append(_is(at, value))
        elif isinstance(value, str):
            h = strings.add(value)
            tests.append(_among(at, frozenset({h})))
            if attr == "LOWER":
                lowers = frozenset({h})
        elif isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                if not all(isinstance(a, str) for a in arg):
                    return None
                hashes = frozenset(strings.add(a) for a in arg)
                inside = op == "IN"
                tests.append(_among(at, hashes) if inside else _not_among(at, hashes))
                if attr == "LOWER" and inside:
                    lowers = hashes
            elif op == "REGEX" and isinstance(arg, str):
                tests.append(_searched(at, re.compile(arg), strings))
            else:
                return None
        else:
            return None
    reads_word = not spec.keys().isdisjoint(_ATTRS[:_LEXICAL])
    return _Check(where, _all(tests), reads_word, lowers)


def _is(at: int, want: bool) -> _Test:
    return lambda key: bool(key[at]) == want


def _among(at: int, values: frozenset[int]) -> _Test:
    return lambda key: key[at] in values


def _not_among(at: int, values: frozenset[int]) -> _Test:
    return lambda key: key[at] not in values


def _searched(at: int, pattern: re.Pattern[str], strings: Any) -> _Test:
    return lambda key: pattern.search(strings[key[at]]) is not None


def _all(tests: list[_Test]) -> _Test:
    return lambda key: all(test(key) for test in tests)


def _match(self: Any, doc: Doc) -> list[tuple[int, int, int, int]]:
    """``AttributeRuler.match``: the same matches, sorted the same way, by key lookups."""
    from spacy import attrs

    plan = _compile(self)
    if plan is None:  # a pattern added since that this module does not read
        return super(type(self), self).match(doc)  # type: ignore[no-any-return]
    rows = doc.to_array([getattr(attrs, a) for a in _ATTRS]).tolist()
    passed = [plan.passed(tuple(row)) for row in rows]
    matches = set()
    for start, here in enumerate(passed):
        for p, _, i in here:
            if i:
                continue
            attr_id, match_id, length = plan.patterns[p]
            end = start + length
            if end <= len(rows) and all((p, 0, j) in passed[start + j] for j in range(1, length)):
                matches.add((attr_id, match_id, start, end))
    return sorted(matches)


def _lemmatize(self: Any, doc: Doc) -> Doc:
    """``Lemmatizer.__call__`` in rule mode: each (text, POS, morphology) lemmatized once."""
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    if not self._validated:
        from spacy.errors import Errors

        self._validate_tables(Errors.E1004)
    known = _MEMOS.get(self)
    if known is None or known[0] is not self.cache:  # new tables empty spaCy's cache
        known = _MEMOS[self] = (self.cache, {})
    memo = known[1]
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
    lemmas = rows[:, 3].copy()
    for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
        if lemma and not self.overwrite:
            continue
        key = (orth, pos, morph)
        found = memo.get(key)
        if found is None:
            found = strings.add(self.lemmatize(doc[i])[0])
            if pos:  # no POS: spaCy warns each time, so ask each time
                memo[key] = found
        lemmas[i] = found
    doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
    return doc


def __getattr__(name: str) -> type:
    """``FastAttributeRuler``, ``FastEnglishLemmatizer``: made on first use (for unpickling)."""
    if name in ("FastAttributeRuler", "FastEnglishLemmatizer"):
        ruler, lemmatizer = _classes()
        return ruler if name == "FastAttributeRuler" else lemmatizer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
