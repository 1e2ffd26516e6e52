#!/usr/bin/env python3
"""The Flatpak manifest is valid JSON that asks for what the app needs and no more, on a GNOME
runtime that is still supported.

Usage: check-flatpak.py MANIFEST [--today YYYY-MM-DD]; --today lets the check's own test
ask about another day than the one it runs on."""
import datetime
import json
import sys

# GNOME releases every March and September, and each release retires the runtime branch two
# releases back: branch N reaches its end of life when N + 2 ships (Flathub marks it some
# weeks later).  The end-of-life dates of 46, 47 and 48 are the ones Flathub announced
# (issue 17); 51's release, and so 49's end of life, is the day GNOME's schedule gave for
# 51.0.  50 and 51 end when 52 and 53 ship, expected on the third Wednesday of March and
# September 2027: correct the dates when those releases are out, and add each new branch
# when it ships, or this check stops every build.
# Branch: (release, end of life).
RUNTIME_BRANCHES = {
    "46": ("2024-03-20", "2025-04-17"),
    "47": ("2024-09-18", "2025-10-15"),
    "48": ("2025-03-19", "2026-03-24"),
    "49": ("2025-09-17", "2026-09-16"),
    "50": ("2026-03-18", "2027-03-17"),
    "51": ("2026-09-16", "2027-09-15"),
}


def runtime_errors(version, today):
    """Why the runtime branch VERSION cannot be shipped on the day TODAY, if it cannot."""
    branch = str(version)
    if branch not in RUNTIME_BRANCHES:
        if branch.isdigit() and int(branch) < min(int(b) for b in RUNTIME_BRANCHES):
            return [f"runtime-version {branch} is past its end of life "
                    "(older than every branch in the table)"]
        # Neither "master" (the development runtime, rebuilt every night) nor a branch the
        # table does not know yet can be judged: add the branch with its dates first.
        return [f"runtime-version {version!r} is not a GNOME release in the table of runtime "
                "branches in tests/app/check-flatpak.py"]
    release, eol = (datetime.date.fromisoformat(d) for d in RUNTIME_BRANCHES[branch])
    if today < release:
        return [f"runtime-version {branch} is not released until {release}"]
    if today >= eol:
        return [f"runtime-version {branch} is past its end of life ({eol}): move to a newer "
                "branch as flatpak/README.md says"]
    return []


argv = sys.argv[1:]
today = datetime.date.today()
if len(argv) == 3 and argv[1] == "--today":
    today = datetime.date.fromisoformat(argv[2])
elif len(argv) != 1:
    print(__doc__, file=sys.stderr)
    sys.exit(2)

with open(argv[0], encoding="utf-8") as f:
    m = json.load(f)

errors = []
if m.get("app-id", m.get("id")) != "cn.gongjian.Gongjian":
    errors.append("app-id is not cn.gongjian.Gongjian")
if m.get("command") != "gongjian":
    errors.append("command is not gongjian")
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime and sdk are not org.gnome.Platform and org.gnome.Sdk")
errors.extend(runtime_errors(m.get("runtime-version"), today))

args = m.get("finish-args", [])
for needed in ["--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
               "--device=dri", "--system-talk-name=org.freedesktop.Avahi"]:
    if needed not in args:
        errors.append(f"finish-args lacks {needed}")
# Files reach the app through the file chooser portal; the sandbox needs no
# folder of the user's and no device beyond the GPU.
for arg in args:
    if (arg.startswith(("--filesystem", "--persist"))
            or arg in ("--socket=x11", "--device=all", "--socket=session-bus",
                       "--socket=system-bus", "--share=all")):
        errors.append(f"finish-args grants too much: {arg}")
for arg in ("--filesystem=home", "--filesystem=host"):
    if any(a == arg or a.startswith(arg + ":") for a in args):
        errors.append(f"finish-args grants {arg}")

modules = m.get("modules", [])
app = modules[-1] if modules else {}
if not isinstance(app, dict) or app.get("name") != "gongjian":
    errors.append("the last module is not gongjian")
elif app.get("buildsystem") != "meson":
    errors.append("the gongjian module is not built with meson")
elif not any(s.get("type") == "dir" and s.get("path") == ".." for s in app.get("sources", [])):
    errors.append("the gongjian module does not build the checkout (a dir source with path ..)")

# A download is only reproducible with its checksum or its commit.
for mod in modules:
    if not isinstance(mod, dict):
        continue
    for src in mod.get("sources", []):
        if src.get("type") in ("archive", "file") and not src.get("sha256"):
            errors.append(f"{mod.get('name')}: {src.get('url')} has no sha256")
        # A tag can be moved; the commit it named cannot.
        if src.get("type") == "git" and not src.get("commit"):
            errors.append(f"{mod.get('name')}: {src.get('url')} has no commit")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
