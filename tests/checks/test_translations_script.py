"""`make translations` fills Swedish from scripts/sv_translations*.py with polib from the venv."""

import pathlib
import shutil
import subprocess
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_fill_translations_fills_every_area_file_into_the_catalogue(tmp_path):
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    po_path = tmp_path / "locale/sv/LC_MESSAGES/django.po"
    po_path.parent.mkdir(parents=True)
    catalogue = polib.pofile(str(ROOT / "locale/sv/LC_MESSAGES/django.po"))
    msgid = "This agenda item names no project."  # from scripts/sv_translations_h6.py
    entry = catalogue.find(msgid)
    assert entry is not None
    entry.msgstr = ""
    catalogue.save(str(po_path))
    result = subprocess.run([sys.executable, "scripts/fill_translations.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    filled = polib.pofile(str(po_path)).find(msgid)
    assert filled.msgstr == "Ärendet på föredragningslistan anger inget projekt."
