"""Reference data for the current sovereign states, derived from ``country_converter``.

Every arms deal has a supplier and a recipient, and both are usually states. The graph therefore
needs one node per state with stable identifiers (ISO 3166 codes, the UN M.49 number, the
Gleditsch-Ward code used by conflict datasets) that other sources can be joined on. Typing
197 rows of codes by hand would be slow and would drift out of date, so this module derives
them from the classification table that ships with the maintained ``country_converter``
package, and names the package and its version as the source of every record.

What counts as a "current sovereign state" here: the 193 member states of the United Nations,
plus four states that are not members but are widely treated as states in arms-trade data:
the Holy See (Vatican City), Palestine, Kosovo and Taiwan. Rows the table marks as obsolete
(the Soviet Union, Zanzibar and so on) are left out.

The generated file is ``seeds/states.yaml``; regenerate it with
``python -m kg.reference seeds/states.yaml``. Names, capitals and identifiers that curators
add by hand live in ``seeds/aliases.yaml`` and refer to these records by id, so the generated
file never has to be edited.

The package's ``CountryConverter`` class is deliberately not used: it loads the table with
pandas, which reads Namibia's ISO2 code "NA" as a missing value. The table is read here with
the ``csv`` module, which keeps every cell as the string it is.
"""

from __future__ import annotations

import csv
import os
import re
import stat
import sys
import tempfile
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "NON_MEMBER_STATES",
    "sovereign_states",
    "states_document",
    "write_states",
]

PACKAGE = "country_converter"
"""Distribution (and import) name of the package the table comes from."""

NON_MEMBER_STATES = frozenset({"PSE", "TWN", "VAT", "XKX"})
"""ISO3 codes of the states counted as sovereign although they are not UN members."""

_ISO2 = re.compile(r"[A-Z]{2}")
_ISO3 = re.compile(r"[A-Z]{3}")


def _read_table() -> list[dict[str, str]]:
    """Return the rows of the package's ``country_data.tsv``, every cell a string."""
    table = resources.files(PACKAGE) / "country_data.tsv"
    with table.open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _code(raw: str, pattern: re.Pattern[str], column: str, row_name: str) -> str:
    """Return the standard code held in a table cell.

    A few cells hold a regular expression that lists accepted variants, such as ``^GB$|^UK$``
    for the United Kingdom; the first alternative is the standard code.
    """
    code = raw.split("|", 1)[0].strip().strip("^$").upper()
    if not pattern.fullmatch(code):
        raise ValueError(f"{PACKAGE} table: {column} of {row_name!r} is not a code: {raw!r}")
    return code


def _state(row: dict[str, str]) -> dict[str, Any]:
    """Turn one table row into a State record, leaving out empty values."""
    name = row["name_short"].strip()
    iso3 = _code(row["ISO3"], _ISO3, "ISO3", name)
    member_since = row["UNmember"].strip()
    numeric = row["ISOnumeric"].strip()
    gw_code = row["GWcode"].strip()
    record: dict[str, Any] = {
        "type": "State",
        "id": iso3,
        "label": name,
        "official_name": row["name_official"].strip(),
        "iso2": _code(row["ISO2"], _ISO2, "ISO2", name) if row["ISO2"].strip() else "",
        "iso3": iso3,
        "iso_numeric": f"{int(numeric):03d}" if numeric else "",
        "continent": row["continent"].strip(),
        "region": row["UNregion"].strip(),
        "un_member": bool(member_since),
        "un_member_since": int(member_since) if member_since else None,
        "gw_code": int(gw_code) if gw_code else None,
    }
    return {key: value for key, value in record.items() if value not in ("", None)}


def sovereign_states() -> list[dict[str, Any]]:
    """Return one record per current sovereign state, sorted by ISO3 code.

    The states are the UN members (rows with an admission year) plus the four non-members in
    :data:`NON_MEMBER_STATES`; obsolete rows are skipped.

    >>> states = {state["id"]: state for state in sovereign_states()}
    >>> len(states)
    197
    >>> russia = states["RUS"]
    >>> russia["iso2"], russia["iso3"], russia["un_member"], russia["un_member_since"]
    ('RU', 'RUS', True, 1945)
    >>> states["TWN"]["un_member"], "un_member_since" in states["TWN"]
    (False, False)
    """
    states = [
        _state(row)
        for row in _read_table()
        if not row["obsolete"].strip()
        and (row["UNmember"].strip() or row["ISO3"].strip().upper() in NON_MEMBER_STATES)
    ]
    return sorted(states, key=lambda state: state["id"])


def states_document() -> dict[str, Any]:
    """Return the states as a curated-format document: a ``source`` and its ``records``.

    The package metadata carries no release date, so the source has no ``date``; the version
    pins down exactly which table was used.
    """
    source = {
        "id": "country-converter",
        "title": "country_converter: country classification table",
        "author": "Konstantin Stadler",
        "publisher": "IndEcol (Python Package Index)",
        "version": metadata.version(PACKAGE),
        "url": "https://github.com/IndEcol/country_converter",
        "kind": "reference-table",
    }
    return {"source": source, "records": sovereign_states()}


def write_states(path: str | os.PathLike[str]) -> Path:
    """Write :func:`states_document` to ``path`` as YAML and return the path.

    The output is the same bytes on every run for a given package version. The file is written
    next to its destination first and then moved into place, so a reader never sees half a file.
    """
    target = Path(path)
    document = states_document()
    header = (
        f"# Generated from {PACKAGE} {document['source']['version']} "
        "by kg.reference.write_states; edit seeds/aliases.yaml instead.\n"
    )
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(header)
            handle.write(body)
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


if __name__ == "__main__":
    write_states(sys.argv[1] if len(sys.argv) > 1 else "seeds/states.yaml")
