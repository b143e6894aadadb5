"""Fills locale/sv from the Swedish texts in scripts/sv_translations*.py (one file per area,
so parallel work never edits the same dictionary)."""

import importlib
import pathlib
import sys

import polib

sys.path.insert(0, "scripts")
SV: dict[str, str] = {}
PLURALS: dict[str, tuple[str, str]] = {}
for module_path in sorted(pathlib.Path("scripts").glob("sv_translations*.py")):
    module = importlib.import_module(module_path.stem)
    SV.update(getattr(module, "SV", {}))
    PLURALS.update(getattr(module, "PLURALS", {}))

po = polib.pofile("locale/sv/LC_MESSAGES/django.po")
missing = []
for e in po:
    if e.msgid_plural:
        if e.msgid in PLURALS:
            e.msgstr_plural = {0: PLURALS[e.msgid][0], 1: PLURALS[e.msgid][1]}
        else:
            missing.append(e.msgid)
    elif e.msgctxt and f"{e.msgctxt}\x04{e.msgid}" in SV:
        # A message with a context is keyed as gettext does: "context\x04msgid".
        e.msgstr = SV[f"{e.msgctxt}\x04{e.msgid}"]
    elif e.msgid in SV:
        e.msgstr = SV[e.msgid]
    elif not e.msgstr or "fuzzy" in e.flags:
        # A fuzzy guess from a similar message is never kept: it is often wrong.
        e.msgstr = ""
        missing.append(e.msgid)
    if "fuzzy" in e.flags:
        e.flags.remove("fuzzy")
    e.previous_msgid = None
    e.previous_msgctxt = None
    e.previous_msgid_plural = None
po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.metadata["Language"] = "sv"
po.save()
print("missing:", missing)
