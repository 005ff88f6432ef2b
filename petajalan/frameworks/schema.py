"""The pack format: parse, validate and normalise a framework pack without touching the database.

``parse_yaml`` and ``validate`` return typed ``Problem`` objects (file, row, node key, field and an
Indonesian message) instead of raising, so the command, the upload view and the tests list every
problem at once. A valid pack comes back as a normalised document (every field present, nodes in
order, weights as decimal strings) whose SHA-256 is the pack's checksum: the same content always
gives the same checksum, whether it came from YAML or from XLSX.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 5000

PURPOSES = ("roadmap", "outline", "worksheet", "bands", "crosswalk")
LEVELS = ("nasional", "kl", "provinsi", "kabkota")
KINDS = (
    "goal",
    "indicator",
    "area",
    "scope",
    "main_activity",
    "theme",
    "intervention_focus",
    "chapter",
    "section",
    "component",
    "subcomponent",
    "criterion",
    "band",
)
RELATIONS = ("equal", "part_of", "overlaps")
# Answers of the fixed answer types with their verified default conversion (domain brief §5).
CHOICE_ANSWERS: dict[str, dict[str, str]] = {
    "yes_no": {"Ya": "1", "Tidak": "0"},
    "abc": {"A": "1", "B": "0.5", "C": "0"},
    "abcd": {"A": "1", "B": "0.67", "C": "0.33", "D": "0"},
    "abcde": {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"},
}
# Numeric answer types convert proportionally between ``min`` and ``max``.
NUMERIC_RANGES: dict[str, tuple[str, str] | None] = {
    "percent": ("0", "100"),
    "scale_0_5": ("0", "5"),
    "scale_1_5": ("1", "5"),
    "scale_0_4": ("0", "4"),
    "number": None,  # range required in the pack
}
ANSWER_TYPES = (*CHOICE_ANSWERS, *NUMERIC_RANGES, "category")

PACK_FIELDS = (
    "pack",
    "purpose",
    "pack_title",
    "version",
    "title",
    "legal_basis",
    "valid_from",
    "valid_to",
    "levels",
    "sources",
    "complete",
    "verified",
    "notes",
    "crosswalk",
    "nodes",
    "links",
)
NODE_FIELDS = (
    "key",
    "parent",
    "kind",
    "ref",
    "title",
    "title_en",
    "description",
    "description_en",
    "weight",
    "answer_type",
    "conversion",
    "expected_evidence",
    "guidance",
    "applicability",
    "complete",
    "source",
    "source_url",
    "verified",
    "extra",
)
LINK_FIELDS = ("source", "target", "relation", "note")
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
KEY_RE = re.compile(r"^urn:[a-z0-9][a-z0-9:._-]{0,195}$")
TOLERANCE = Decimal("0.005")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, precise enough to find and fix it."""

    file: str
    message: str
    key: str = ""  # node key (or "butir #n" when the node has no key)
    field: str = ""
    row: int | None = None  # spreadsheet row or YAML line

    def __str__(self) -> str:
        where = [self.file or "-"]
        if self.row is not None:
            where.append(_("baris %(n)s") % {"n": self.row})
        if self.key:
            where.append(self.key)
        if self.field:
            where.append(self.field)
        return f"{': '.join(where)}: {self.message}"


@dataclass
class Parsed:
    """The outcome of reading a pack: a normalised document and its checksum, or problems."""

    file: str
    document: dict[str, Any] | None = None
    checksum: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.document is not None and not self.problems

    @property
    def doc(self) -> dict[str, Any]:
        """The document of a valid pack; a programming error to ask for it otherwise."""
        if self.document is None:
            raise ValueError(f"{self.file}: no document, the pack has problems")
        return self.document


# ---------------------------------------------------------------- YAML


@cache
def _strict_loader() -> Any:
    """A SafeLoader (libyaml's, ~8x faster, when present) that refuses a key written twice in one
    mapping (PyYAML keeps the last one). Built on the first pack read: PyYAML is not imported while
    the site or a command starts (decision 0056)."""
    import yaml

    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("kunci %(key)r ditulis dua kali") % {"key": key},
                    key_node.start_mark,
                )
            seen[key] = 1
        return loader.construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return StrictLoader


def parse_yaml(data: bytes | str, file: str, known: KnownKeys | None = None) -> Parsed:
    """Read a YAML pack and validate it; never raises on bad input."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            return Parsed(file, problems=[Problem(file, _too_big(len(data)))])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return Parsed(file, problems=[Problem(file, _("Berkas bukan teks UTF-8."))])
    else:
        text = data
    import yaml

    loader = _strict_loader()
    try:
        root = yaml.compose(text, Loader=loader)
        alias_line = _first_alias(root)
        if alias_line is not None:
            # anchors and aliases can expand exponentially (the "billion laughs"): packs need none
            message = _("anchor/alias YAML (&, *) tidak diizinkan; tulis isinya langsung.")
            return Parsed(file, problems=[Problem(file, message, row=alias_line)])
        raw = yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc)
        return Parsed(file, problems=[Problem(file, _("YAML tidak dapat dibaca: %s") % detail, row=line)])
    return validate(raw, file, known, rows=_node_lines(root))


def _first_alias(root: Any) -> int | None:
    """Line of the first node reached twice (an alias), walking the composed graph once."""
    import yaml

    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node.start_mark.line + 1
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None


def _node_lines(root: Any) -> dict[int, int]:
    """Line of each item of ``nodes`` in the YAML text, so problems point at the right line."""
    import yaml

    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "nodes" and isinstance(value, yaml.SequenceNode):
                return {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}
    return {}


def _too_big(size: int) -> str:
    return _("Berkas terlalu besar (%(size)s KB; paling besar %(max)s KB).") % {
        "size": size // 1024,
        "max": MAX_FILE_BYTES // 1024,
    }


# ---------------------------------------------------------------- validation

# (pack key, version) → the node keys of that version, or None when it is not known
KnownKeys = Callable[[str, str], set[str] | None]


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def number_text(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros: 10, 2.5, 0.83."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"ya", "true", "yes", "1"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"tidak", "false", "no", "0"}:
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


class _Checker:
    def __init__(self, file: str, rows: dict[int, int] | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.rows = rows or {}  # node index → spreadsheet row

    def add(self, message: str, *, key: str = "", field: str = "", index: int | None = None) -> None:
        row = self.rows.get(index) if index is not None else None
        self.problems.append(Problem(self.file, message, key=key, field=field, row=row))

    def text(self, data: dict, name: str, *, required: bool = False, key: str = "", index: int | None = None):
        value = data.get(name)
        if value is None or value == "":
            if required:
                self.add(_("wajib diisi."), key=key, field=name, index=index)
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name in {"version", "ref"}:
            return str(value)
        if not isinstance(value, str):
            self.add(_("harus berupa teks."), key=key, field=name, index=index)
            return ""
        return value.strip()

    def flag(self, data: dict, name: str, default: bool, *, key: str = "", index: int | None = None) -> bool:
        if data.get(name) is None or data.get(name) == "":
            return default
        value = _bool(data[name])
        if value is None:
            self.add(_("harus ya atau tidak (true/false)."), key=key, field=name, index=index)
            return default
        return value


def validate(
    raw: Any, file: str, known: KnownKeys | None = None, rows: dict[int, int] | None = None
) -> Parsed:
    """Check a whole pack (already read from YAML or XLSX) and normalise it."""
    check = _Checker(file, rows)
    if not isinstance(raw, dict):
        check.add(_("Isi berkas harus berupa pemetaan (kunci: nilai) dengan daftar 'nodes'."))
        return Parsed(file, problems=check.problems)
    for name in raw:
        if name not in PACK_FIELDS:
            check.add(_("kolom tidak dikenal."), field=str(name))
    doc: dict[str, Any] = {}
    doc["pack"] = check.text(raw, "pack", required=True)
    if doc["pack"] and not SLUG_RE.match(doc["pack"]):
        check.add(_("hanya huruf kecil, angka dan tanda hubung."), field="pack")
    doc["purpose"] = check.text(raw, "purpose", required=True)
    if doc["purpose"] and doc["purpose"] not in PURPOSES:
        check.add(_("harus salah satu dari: %s.") % ", ".join(PURPOSES), field="purpose")
    doc["pack_title"] = check.text(raw, "pack_title") or check.text(raw, "title")
    doc["version"] = check.text(raw, "version", required=True)
    if doc["version"] and not VERSION_RE.match(doc["version"]):
        check.add(
            _("hanya huruf, angka, titik, garis bawah dan tanda hubung (paling banyak 40)."), field="version"
        )
    doc["title"] = check.text(raw, "title", required=True)
    doc["legal_basis"] = check.text(raw, "legal_basis")
    for name in ("valid_from", "valid_to"):
        value = raw.get(name)
        parsed = _date(value) if value not in (None, "") else None
        if value not in (None, "") and parsed is None:
            check.add(_("tanggal harus berbentuk TTTT-BB-HH."), field=name)
        doc[name] = parsed.isoformat() if parsed else ""
    if doc["valid_from"] and doc["valid_to"] and doc["valid_to"] < doc["valid_from"]:
        check.add(_("tanggal akhir sebelum tanggal mulai."), field="valid_to")
    doc["levels"] = _levels(check, raw.get("levels"), field="levels")
    doc["sources"] = _sources(check, raw.get("sources"))
    doc["complete"] = check.flag(raw, "complete", True)
    doc["verified"] = check.flag(raw, "verified", False)
    doc["notes"] = check.text(raw, "notes")
    doc["crosswalk"] = _crosswalk_meta(check, raw.get("crosswalk"), doc["purpose"])
    doc["nodes"] = _nodes(check, raw.get("nodes"), doc)
    doc["links"] = _links(check, raw.get("links"), doc, known)
    if check.problems:
        return Parsed(file, problems=check.problems)
    return Parsed(file, document=doc, checksum=checksum(doc))


def checksum(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a normalised document."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _levels(check: _Checker, value: Any, *, field: str, key: str = "", index: int | None = None) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(_("harus berupa daftar tingkat."), key=key, field=field, index=index)
        return []
    wrong = [v for v in value if v not in LEVELS]
    if wrong:
        check.add(
            _("tingkat tidak dikenal: %(wrong)s (pilihan: %(ok)s).")
            % {"wrong": ", ".join(wrong), "ok": ", ".join(LEVELS)},
            key=key,
            field=field,
            index=index,
        )
    return [v for v in LEVELS if v in value]


def _sources(check: _Checker, value: Any) -> list[dict[str, str]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        check.add(_("harus berupa daftar sumber (title, url)."), field="sources")
        return []
    out = []
    for n, item in enumerate(value, start=1):
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            check.add(_("sumber ke-%s harus punya judul (title).") % n, field="sources")
            continue
        url = item.get("url") or ""
        if url and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
            check.add(_("tautan sumber ke-%s harus diawali http:// atau https://.") % n, field="sources")
            url = ""
        out.append({"title": item["title"].strip(), "url": url})
    return out


def _crosswalk_meta(check: _Checker, value: Any, purpose: str) -> dict[str, dict[str, str]]:
    if purpose != "crosswalk":
        if value not in (None, "", {}):
            check.add(_("hanya untuk paket padanan (purpose: crosswalk)."), field="crosswalk")
        return {}
    if not isinstance(value, dict):
        check.add(_("wajib untuk paket padanan: source dan target (pack, version)."), field="crosswalk")
        return {}
    out = {}
    for side in ("source", "target"):
        ref = value.get(side)
        if not isinstance(ref, dict) or not ref.get("pack") or ref.get("version") in (None, ""):
            check.add(_("harus berisi pack dan version."), field=f"crosswalk.{side}")
            continue
        out[side] = {"pack": str(ref["pack"]), "version": str(ref["version"])}
    return out


def _nodes(check: _Checker, value: Any, doc: dict[str, Any]) -> list[dict[str, Any]]:
    if value in (None, ""):
        value = []
    if not isinstance(value, list):
        check.add(_("harus berupa daftar butir."), field="nodes")
        return []
    if len(value) > MAX_NODES:
        check.add(
            _("terlalu banyak butir (%(n)s; paling banyak %(max)s).") % {"n": len(value), "max": MAX_NODES}
        )
        return []
    if not value and doc.get("purpose") != "crosswalk":
        check.add(_("paket harus punya paling sedikit satu butir."), field="nodes")
    indexed: list[tuple[Decimal, int, dict[str, Any]]] = []
    for index, item in enumerate(value):
        label = _("butir #%s") % (index + 1)
        if not isinstance(item, dict):
            check.add(_("setiap butir harus berupa pemetaan."), key=label, index=index)
            continue
        node = _node(check, item, index, label)
        order = _decimal(item.get("order"))
        indexed.append((order if order is not None else Decimal(index + 1), index, node))
    indexed.sort(key=lambda t: (t[0], t[1]))
    nodes = [node for _o, _i, node in indexed]
    positions = {node["key"]: i for _o, i, node in indexed}
    _structure(check, nodes, positions, doc)
    return nodes


def _node(check: _Checker, item: dict, index: int, label: str) -> dict[str, Any]:
    key = check.text(item, "key", required=True, key=label, index=index)
    where: dict[str, Any] = {"key": key or label, "index": index}
    for name in item:
        if name not in (*NODE_FIELDS, "order"):
            check.add(_("kolom tidak dikenal."), field=str(name), **where)
    if key and not KEY_RE.match(key):
        check.add(
            _("kunci harus diawali 'urn:' dan hanya berisi huruf kecil, angka, ':', '.', '-' dan '_'."),
            field="key",
            **where,
        )
    node: dict[str, Any] = {"key": key}
    node["parent"] = check.text(item, "parent", **where)
    node["kind"] = check.text(item, "kind", required=True, **where)
    if node["kind"] and node["kind"] not in KINDS:
        check.add(_("jenis tidak dikenal (pilihan: %s).") % ", ".join(KINDS), field="kind", **where)
    node["ref"] = check.text(item, "ref", **where)
    node["title"] = check.text(item, "title", required=True, **where)
    for name in ("title_en", "description", "description_en"):
        node[name] = check.text(item, name, **where)
    if len(node["title"]) > 400:
        check.add(_("judul paling panjang 400 huruf."), field="title", **where)
    if len(node["ref"]) > 30:
        check.add(_("nomor paling panjang 30 huruf."), field="ref", **where)
    node["weight"] = ""
    if item.get("weight") not in (None, ""):
        weight = _decimal(item["weight"])
        if weight is None or weight < 0:
            check.add(_("bobot harus angka 0 atau lebih."), field="weight", **where)
        elif weight != weight.quantize(Decimal("0.001")) or weight >= 100000:
            check.add(_("bobot paling banyak 3 angka di belakang koma."), field="weight", **where)
        else:
            node["weight"] = number_text(weight)
    node["answer_type"] = check.text(item, "answer_type", **where)
    node["conversion"] = _conversion(check, node["answer_type"], item.get("conversion"), where)
    node["expected_evidence"] = _text_list(check, item.get("expected_evidence"), "expected_evidence", where)
    node["guidance"] = check.text(item, "guidance", **where)
    node["applicability"] = _levels(check, item.get("applicability"), field="applicability", **where)
    node["complete"] = check.flag(item, "complete", True, **where)
    node["source"] = check.text(item, "source", **where)
    node["source_url"] = check.text(item, "source_url", **where)
    if node["source_url"] and not node["source_url"].startswith(("http://", "https://")):
        check.add(_("tautan harus diawali http:// atau https://."), field="source_url", **where)
    node["verified"] = check.flag(item, "verified", False, **where)
    extra = item.get("extra")
    if extra in (None, ""):
        extra = {}
    if not isinstance(extra, dict):
        check.add(_("harus berupa pemetaan."), field="extra", **where)
        extra = {}
    node["extra"] = json.loads(json.dumps(extra, default=str, sort_keys=True))
    return node


def _text_list(check: _Checker, value: Any, name: str, where: dict) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [line for line in value.splitlines()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(_("harus berupa daftar teks."), field=name, **where)
        return []
    return [v.strip() for v in value if v.strip()]


def _conversion(check: _Checker, answer_type: str, value: Any, where: dict) -> dict[str, str]:
    """The conversion table, filled with the default of the answer type and checked to cover it."""
    if not answer_type:
        if value not in (None, "", {}):
            check.add(_("tabel konversi tanpa jenis jawaban."), field="conversion", **where)
        return {}
    if answer_type not in ANSWER_TYPES:
        check.add(
            _("jenis jawaban tidak dikenal (pilihan: %s).") % ", ".join(ANSWER_TYPES),
            field="answer_type",
            **where,
        )
        return {}
    if value in (None, ""):
        value = {}
    if not isinstance(value, dict):
        check.add(_("harus berupa pemetaan jawaban → nilai."), field="conversion", **where)
        return {}
    if answer_type in NUMERIC_RANGES:
        default = NUMERIC_RANGES[answer_type]
        low = _decimal(value.get("min", default[0] if default else None))
        high = _decimal(value.get("max", default[1] if default else None))
        if low is None or high is None or low >= high:
            check.add(
                _("jawaban angka perlu rentang min dan max (min lebih kecil dari max)."),
                field="conversion",
                **where,
            )
            return {}
        unknown = set(value) - {"min", "max"}
        if unknown:
            check.add(_("hanya min dan max untuk jawaban angka."), field="conversion", **where)
        return {"min": number_text(low), "max": number_text(high)}
    table: dict[str, str] = {}
    for answer, score in value.items():
        number = _decimal(score)
        if number is None or number < 0 or number > 1:
            check.add(_("nilai jawaban %r harus antara 0 dan 1.") % answer, field="conversion", **where)
            continue
        label = str(answer).strip()
        label = label.capitalize() if answer_type == "yes_no" else label
        table[label.upper() if answer_type in {"abc", "abcd", "abcde"} else label] = number_text(number)
    if answer_type == "category":
        if not table:
            check.add(
                _("jawaban bertingkat perlu tabel konversi (pilihan → nilai 0–1)."),
                field="conversion",
                **where,
            )
        return table
    expected = CHOICE_ANSWERS[answer_type]
    if not value:
        return dict(expected)
    if set(table) != set(expected):
        missing = sorted(set(expected) - set(table))
        extra = sorted(set(table) - set(expected))
        parts = []
        if missing:
            parts.append(_("tidak ada nilai untuk %s") % ", ".join(missing))
        if extra:
            parts.append(_("jawaban di luar jenisnya: %s") % ", ".join(extra))
        check.add(
            _("tabel konversi tidak sesuai jenis jawaban: %s.") % "; ".join(parts),
            field="conversion",
            **where,
        )
    return {answer: table[answer] for answer in expected if answer in table}


def _structure(check: _Checker, nodes: list[dict], positions: dict[str, int], doc: dict) -> None:
    """Rules across nodes: unique keys, parents that exist, no cycles, weights, bands."""
    by_key: dict[str, dict] = {}
    for node in nodes:
        key = node["key"]
        if not key:
            continue
        if key in by_key:
            check.add(_("kunci dipakai lebih dari sekali."), key=key, field="key", index=positions.get(key))
        by_key[key] = node
    for node in nodes:
        parent = node["parent"]
        if parent and parent not in by_key:
            check.add(
                _("induk %r tidak ada di paket ini.") % parent,
                key=node["key"],
                field="parent",
                index=positions.get(node["key"]),
            )
    reported: set[str] = set()
    for node in nodes:
        seen = [node["key"]]
        current = node
        while current["parent"] and current["parent"] in by_key:
            current = by_key[current["parent"]]
            if current["key"] in seen:
                cycle = seen[seen.index(current["key"]) :]
                if not reported & set(cycle):
                    check.add(
                        _("induk berputar: %s.") % " → ".join([*cycle, current["key"]]),
                        key=current["key"],
                        field="parent",
                        index=positions.get(current["key"]),
                    )
                    reported |= set(cycle)
                break
            seen.append(current["key"])
    if check.problems:
        return
    _weights(check, nodes, positions)
    _bands(check, nodes, positions)


def _weights(check: _Checker, nodes: list[dict], positions: dict[str, int]) -> None:
    """A weighted node's weighted children add up to its weight, unless one of them is incomplete."""
    children: dict[str, list[dict]] = {}
    for node in nodes:
        if node["parent"]:
            children.setdefault(node["parent"], []).append(node)
    for node in nodes:
        weighted = [c for c in children.get(node["key"], []) if c["weight"]]
        if not node["weight"] or not weighted or not node["complete"]:
            continue
        total = sum((Decimal(c["weight"]) for c in weighted), Decimal(0))
        if abs(total - Decimal(node["weight"])) > TOLERANCE:
            check.add(
                _(
                    "bobot butir di bawahnya berjumlah %(sum)s, bukan %(weight)s; perbaiki bobotnya "
                    "atau tandai butir ini belum lengkap (complete: false)."
                )
                % {"sum": number_text(total), "weight": node["weight"]},
                key=node["key"],
                field="weight",
                index=positions.get(node["key"]),
            )


def _bands(check: _Checker, nodes: list[dict], positions: dict[str, int]) -> None:
    """Bands cover 0–100: each band is (min, max], the lowest starts at 0 inclusive."""
    bands: list[tuple[Decimal, Decimal, str, dict[str, Any]]] = []
    for node in nodes:
        if node["kind"] != "band":
            continue
        low, high = _decimal(node["extra"].get("min")), _decimal(node["extra"].get("max"))
        where: dict[str, Any] = {"key": node["key"], "index": positions.get(node["key"])}
        if low is None or high is None:
            check.add(_("kategori nilai perlu extra.min dan extra.max (angka)."), field="extra", **where)
            continue
        if not (0 <= low < high <= 100):
            check.add(
                _("rentang harus di dalam 0–100 dengan min lebih kecil dari max."), field="extra", **where
            )
            continue
        bands.append((low, high, node["key"], where))
    if not bands or len(bands) != sum(1 for n in nodes if n["kind"] == "band"):
        return
    bands.sort()
    if bands[0][0] != 0:
        check.add(
            _("kategori terendah harus mulai dari 0 (celah 0–%s).") % number_text(bands[0][0]),
            field="extra",
            **bands[0][3],
        )
    if bands[-1][1] != 100:
        check.add(
            _("kategori tertinggi harus sampai 100 (celah %s–100).") % number_text(bands[-1][1]),
            field="extra",
            **bands[-1][3],
        )
    for (_l1, high, key1, _w1), (low, _h2, key2, where) in itertools.pairwise(bands):
        if low > high:
            check.add(
                _("celah antara %(a)s dan %(b)s: nilai %(lo)s–%(hi)s tidak masuk kategori mana pun.")
                % {"a": key1, "b": key2, "lo": number_text(high), "hi": number_text(low)},
                field="extra",
                **where,
            )
        elif low < high:
            check.add(
                _("bertumpang tindih dengan %(a)s (%(lo)s–%(hi)s).")
                % {"a": key1, "lo": number_text(low), "hi": number_text(high)},
                field="extra",
                **where,
            )


def _links(check: _Checker, value: Any, doc: dict, known: KnownKeys | None) -> list[dict[str, str]]:
    if value in (None, ""):
        value = []
    if not isinstance(value, list):
        check.add(_("harus berupa daftar padanan."), field="links")
        return []
    if doc.get("purpose") != "crosswalk":
        if value:
            check.add(_("padanan hanya untuk paket padanan (purpose: crosswalk)."), field="links")
        return []
    meta = doc.get("crosswalk") or {}
    keys: dict[str, set[str] | None] = {}
    for side in ("source", "target"):
        ref = meta.get(side)
        if ref and known is not None:
            keys[side] = known(ref["pack"], ref["version"])
            if keys[side] is None:
                check.add(
                    _("paket rujukan %(pack)s versi %(version)s belum dimuat.") % ref,
                    field=f"crosswalk.{side}",
                )
    if not value:
        check.add(_("paket padanan harus punya paling sedikit satu padanan."), field="links")
    out = []
    seen: set[tuple[str, str]] = set()
    for n, item in enumerate(value, start=1):
        label = _("padanan #%s") % n
        if not isinstance(item, dict):
            check.add(_("setiap padanan harus berupa pemetaan."), key=label)
            continue
        for name in item:
            if name not in LINK_FIELDS:
                check.add(_("kolom tidak dikenal."), key=label, field=str(name))
        link = {name: check.text(item, name, required=name != "note", key=label) for name in LINK_FIELDS}
        if link["relation"] and link["relation"] not in RELATIONS:
            check.add(
                _("hubungan harus salah satu dari: %s.") % ", ".join(RELATIONS), key=label, field="relation"
            )
        for side in ("source", "target"):
            found = keys.get(side)
            if link[side] and found is not None and link[side] not in found:
                check.add(_("butir %r tidak ada di paket rujukan.") % link[side], key=label, field=side)
        pair = (link["source"], link["target"])
        if pair in seen:
            check.add(_("padanan ini ditulis dua kali."), key=label)
        seen.add(pair)
        out.append(link)
    return out


def ordered_document(document: dict[str, Any]) -> dict[str, Any]:
    """The document with fields in the documented order (PostgreSQL's jsonb does not keep it)."""
    out = {
        name: document[name] for name in PACK_FIELDS if name in document and name not in {"nodes", "links"}
    }
    if not out.get("crosswalk"):
        out.pop("crosswalk", None)
    out["nodes"] = [
        {name: node[name] for name in NODE_FIELDS if name in node} for node in document.get("nodes", [])
    ]
    if document.get("links"):
        out["links"] = [
            {name: link[name] for name in LINK_FIELDS if name in link} for link in document["links"]
        ]
    return out
