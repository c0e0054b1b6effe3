"""Evaluation (beside the steps): how one field of a predicted network record is compared with the gold.

Every scored field is turned into a set of normalised values on both sides; a value the
prediction holds and the gold does not is *wrong* (a false positive) unless the gold record's
``also_ok`` accepts it, and a gold value the prediction lacks is *missing* (a false negative).
A gold field that is ``null`` is not scored. The rules per field are those of ``docs/records.md``
and of "Checking the extraction on your own annotations" in docs/extraction.md.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from cio_graph.graph.reference import platform_slug

__all__ = [
    "SET_FIELDS",
    "ENTITY_FIELDS",
    "DISCLOSURE_FIELDS",
    "REPORTED_FIELDS",
    "FIELDS",
    "FieldScore",
    "fold",
    "ioc",
    "platform_slug",
    "org_name",
    "compare_field",
]

SET_FIELDS = ("origin_countries", "target_countries", "languages", "tactics", "topics")
#: Averaged into the entity micro F1.
ENTITY_FIELDS = SET_FIELDS + ("actors", "government_stances", "global_audience")
#: What a disclosure states beside the entities; averaged on their own where the gold has them.
DISCLOSURE_FIELDS = (
    "assets",
    "followers_detail",
    "ad_spend",
    "iocs",
    "other_platforms",
    "leads_from",
    "consistent_with",
    "named_operation",
)
#: Scored and reported, but in neither average.
REPORTED_FIELDS = ("detection_source", "title")
FIELDS = ENTITY_FIELDS + DISCLOSURE_FIELDS + REPORTED_FIELDS


@dataclass(frozen=True)
class FieldScore:
    """One field of one network: counts and the values behind them (as compared)."""

    tp: int
    fp: int
    fn: int
    wrong: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def fold(text: Any) -> str:
    """Casefold, drop accents, read hyphens as spaces and collapse white space.

    >>> fold("  Alianța pentru   Unirea-Românilor ")
    'alianta pentru unirea romanilor'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").split())


def ioc(value: Any) -> str:
    """An indicator as compared: refanged, without scheme, ``www.`` or trailing slash, casefolded.

    >>> ioc("hxxps://www.X[.]com/a/") == ioc("https://x.com/a") == "x.com/a"
    True
    >>> ioc("gagauzia24(.)info[:]443")
    'gagauzia24.info:443'
    """
    text = str(value).strip().replace("hxxps://", "https://").replace("hxxp://", "http://")
    text = text.replace("[.]", ".").replace("(.)", ".").replace("[:]", ":")
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
    if text.lower().startswith("www."):
        text = text[4:]
    return text.rstrip("/").casefold()


def org_name(value: Any) -> str:
    """An organisation or operation name as compared: folded, without a leading "the".

    >>> org_name("The Citizen Lab")
    'citizen lab'
    """
    name = fold(value)
    return name[4:] if name.startswith("the ") else name


def _item_id(value: Any, keys: tuple[str, ...]) -> Any:
    """A list item's value: itself, or for an object the first of ``keys`` it holds."""
    if isinstance(value, dict):
        return next((value[k] for k in keys if value.get(k)), None)
    return value


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _codes(field: str, values: Any) -> set[str]:
    """Countries upper case, every other set field lower case (items may be ``{"id"|"code": ...}``).

    >>> sorted(_codes("target_countries", ["ro", {"code": "md", "evidence": "in Moldova"}]))
    ['MD', 'RO']
    """
    ids = {str(_item_id(v, ("id", "slug", "code", "name"))) for v in _as_list(values)}
    return {v.upper() for v in ids} if field.endswith("_countries") else {v.lower() for v in ids}


def _stances(values: Any) -> set[str]:
    """``{"country": "md", "stance": "Critical"}`` is ``"MD critical"``."""
    return {f"{str(v['country']).upper()} {str(v['stance']).lower()}" for v in _as_list(values)}


def _kind(name: Any, field: str) -> str:
    kind = fold(name).replace(" ", "_")
    return kind.removesuffix("_accounts") if field == "followers_detail" else kind


def _counts(field: str, values: Any) -> set[str]:
    """Assets or followers by kind, ``{"pages": 6}`` or ``[{"kind": "pages", "count": 6}]``.

    >>> sorted(_counts("followers_detail", {"Instagram accounts": 119400, "pages": 6300, "groups": None}))
    ['instagram=119400', 'pages=6300']
    """
    if isinstance(values, dict):
        pairs = [(k, v) for k, v in values.items() if v is not None]
    else:
        pairs = [(item.get("kind"), item.get("count")) for item in _as_list(values)]
    return {f"{_kind(kind, field)}={int(count)}" for kind, count in pairs}


def _ad_spend(values: Any) -> set[str]:
    """Amount (rounded) and currency; no currency is needed for no spend.

    >>> sorted(_ad_spend({"amount": 299.6, "currency": "usd", "approximate": True})), sorted(_ad_spend({"amount": 0}))
    (['300 USD'], ['0'])
    """
    out = set()
    for item in _as_list(values):
        if item.get("amount") is None:
            continue
        amount = float(item["amount"])
        currency = str(item.get("currency") or "").upper() if amount else ""
        out.add(f"{round(amount)} {currency}".strip())
    return out


def _named(field: str, values: Any) -> set[str]:
    """Indicators, platforms or organisation names (items may be ``{"value"|"id"|"name"|"slug": ...}``)."""
    normalise = (
        ioc if field == "iocs" else platform_slug if field in ("other_platforms", "consistent_with") else org_name
    )
    items = (_item_id(v, ("value", "id", "name", "slug")) for v in _as_list(values))
    return {normalise(v) for v in items if v is not None}


def _values(field: str, values: Any) -> set[str]:
    """The set of compared values of a field that is not ``actors``."""
    if field in SET_FIELDS:
        return _codes(field, values)
    if field == "government_stances":
        return _stances(values)
    if field in REPORTED_FIELDS:
        return set() if values is None else {fold(values)}
    if field == "global_audience":  # scored on the networks said to target a global audience
        return {"true"} if values else set()
    if field in ("assets", "followers_detail"):
        return _counts(field, values) if values is not None else set()
    if field == "ad_spend":
        return _ad_spend(values)
    return _named(field, values)


def _aliases(actor: Any) -> set[str]:
    """The folded names an annotated actor may be given (its ``aliases``, else its ``name``)."""
    if not isinstance(actor, dict):
        return {fold(actor)}
    return {fold(a) for a in actor.get("aliases") or [actor.get("name", "")]}


def _actor_score(predicted: Any, gold: list, also: Any) -> FieldScore:
    """Each predicted name takes the first gold actor not yet taken that has it as an alias.

    A name that is an alias of an actor already taken is neither right nor wrong; one in
    ``also_ok`` is not wrong.

    >>> gold = [{"name": "Călin Georgescu", "aliases": ["Călin Georgescu", "Georgescu"]},
    ...         {"name": "AUR", "aliases": ["AUR"]}]
    >>> _actor_score(["calin georgescu", {"name": "GEORGESCU"}, "Nicușor Dan"], gold, [])
    FieldScore(tp=1, fp=1, fn=1, wrong=('Nicușor Dan',), missing=('AUR',))
    """
    gold_aliases = [_aliases(actor) for actor in gold]
    accepted = set().union(*(_aliases(actor) for actor in _as_list(also)))
    taken: set[int] = set()
    wrong = []
    for item in _as_list(predicted):
        shown = item.get("name") if isinstance(item, dict) else item
        name = fold(shown)
        hit = next((i for i, names in enumerate(gold_aliases) if name in names and i not in taken), None)
        if hit is not None:
            taken.add(hit)
        elif not any(name in names for names in gold_aliases) and name not in accepted:
            wrong.append(str(shown))
    missing = [
        str(actor.get("name") if isinstance(actor, dict) else actor) for i, actor in enumerate(gold) if i not in taken
    ]
    return FieldScore(len(taken), len(wrong), len(missing), tuple(wrong), tuple(missing))


def compare_field(field: str, predicted: dict, gold: dict) -> FieldScore | None:
    """Score ``field`` of a predicted record against its gold record; ``None`` when gold leaves it open.

    >>> compare_field("target_countries", {"target_countries": ["RO", "MD"]},
    ...               {"target_countries": ["RO", "UA"], "also_ok": {"target_countries": ["MD"]}})
    FieldScore(tp=1, fp=0, fn=1, wrong=(), missing=('UA',))
    >>> compare_field("languages", {"languages": ["ro"]}, {"languages": None}) is None
    True
    """
    gold_value = gold.get(field)
    if gold_value is None:
        return None
    also = (gold.get("also_ok") or {}).get(field, [])
    if field == "actors":
        return _actor_score(predicted.get(field), _as_list(gold_value), also)
    got, want = _values(field, predicted.get(field)), _values(field, gold_value)
    accepted = _values(field, also) if field not in REPORTED_FIELDS + ("global_audience",) else set()
    wrong, missing = sorted(got - want - accepted), sorted(want - got)
    return FieldScore(len(got & want), len(wrong), len(missing), tuple(wrong), tuple(missing))
