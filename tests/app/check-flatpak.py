#!/usr/bin/env python3
"""The Flatpak manifest is valid JSON that asks for what the app needs and no more."""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    m = json.load(f)

errors = []
if m.get("app-id", m.get("id")) != "cn.gongjian.Gongjian":
    errors.append("app-id is not cn.gongjian.Gongjian")
if m.get("command") != "gongjian":
    errors.append("command is not gongjian")
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime and sdk are not org.gnome.Platform and org.gnome.Sdk")
try:
    # GNOME 44 is the first runtime with both GTK >= 4.8 and libadwaita >= 1.2
    # that is still supported; "master" is the development runtime.
    version = str(m.get("runtime-version", ""))
    if version != "master" and int(version) < 44:
        errors.append(f"runtime-version {version} is older than GNOME 44")
except ValueError:
    errors.append(f"runtime-version {m.get('runtime-version')!r} is not a GNOME release")

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

# A download is only reproducible with its checksum.
for mod in modules:
    if not isinstance(mod, dict):
        continue
    for src in mod.get("sources", []):
        if src.get("type") in ("archive", "file") and not src.get("sha256"):
            errors.append(f"{mod.get('name')}: {src.get('url')} has no sha256")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
