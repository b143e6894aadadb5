import sys

import polib

sys.path.insert(0, "scripts")
from sv_translations import PLURALS, SV

po = polib.pofile("locale/sv/LC_MESSAGES/django.po")
missing = []
for e in po:
    if e.msgid_plural:
        if e.msgid in PLURALS:
            e.msgstr_plural = {0: PLURALS[e.msgid][0], 1: PLURALS[e.msgid][1]}
        else:
            missing.append(e.msgid)
    elif e.msgid in SV:
        e.msgstr = SV[e.msgid]
    elif not e.msgstr or "fuzzy" in e.flags:
        # A fuzzy guess from a similar message is never kept: it is often wrong.
        e.msgstr = ""
        missing.append(e.msgid)
    if "fuzzy" in e.flags:
        e.flags.remove("fuzzy")
    e.previous_msgid = None
po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.metadata["Language"] = "sv"
po.save()
print("missing:", missing)
