#!/usr/bin/env python3
"""The manifest check itself: it refuses what it exists to refuse, so that it cannot pass a
manifest on a runtime past its end of life (or with an unpinned source) without being noticed.

Usage: test-check-flatpak.py CHECK MANIFEST; prints TAP."""
import copy
import json
import os
import subprocess
import sys
import tempfile

check, manifest_path = sys.argv[1:3]
with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)


def with_branch(branch):
    m = copy.deepcopy(manifest)
    m["runtime-version"] = branch
    return m


def with_first_source(change):
    """The manifest with CHANGE applied to the first source of the first module that is not
    Gongjian itself."""
    m = copy.deepcopy(manifest)
    src = next(mod for mod in m["modules"] if mod["name"] != "gongjian")["sources"][0]
    change(src)
    return m


def run(m, today):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "manifest.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(m, f)
        p = subprocess.run([sys.executable, check, path, "--today", today],
                           capture_output=True, text=True, check=False)
    return p.returncode, p.stderr


def git_without_commit(src):
    src.clear()
    src.update({"type": "git", "url": "https://example.org/lib.git", "tag": "v1"})


def archive_without_sha256(src):
    src.clear()
    src.update({"type": "archive", "url": "https://example.org/lib.tar.xz"})


# (name, manifest, day, expected stderr fragment or None for a pass)
cases = [
    ("the manifest passes on a day its branch is supported", manifest, "2026-12-01", None),
    ("46 is past its end of life", with_branch("46"), "2026-12-01", "past its end of life"),
    ("48 passes on the day before its end of life", with_branch("48"), "2026-03-23", None),
    ("48 fails on the day of its end of life", with_branch("48"), "2026-03-24",
     "past its end of life (2026-03-24)"),
    ("51 fails once 53 is expected", with_branch("51"), "2027-09-15", "past its end of life"),
    ("51 fails before its release", with_branch("51"), "2026-09-01", "is not released"),
    ("44, older than the table, is past its end of life", with_branch("44"), "2023-06-01",
     "past its end of life"),
    ("the development runtime is refused", with_branch("master"), "2026-12-01",
     "not a GNOME release"),
    ("a branch the table does not know is refused", with_branch("60"), "2026-12-01",
     "not a GNOME release"),
    ("a git source needs its commit", with_first_source(git_without_commit), "2026-12-01",
     "has no commit"),
    ("an archive needs its sha256", with_first_source(archive_without_sha256), "2026-12-01",
     "has no sha256"),
]

print(f"1..{len(cases)}")
failed = 0
for number, (name, m, day, expected) in enumerate(cases, 1):
    code, stderr = run(m, day)
    if expected is None:
        ok = code == 0 and not stderr
    else:
        ok = code == 1 and expected in stderr
    if not ok:
        failed += 1
        for line in stderr.splitlines() or ["(nothing on stderr)"]:
            print(f"# exit {code}: {line}")
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
sys.exit(1 if failed else 0)
