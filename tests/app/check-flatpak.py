#!/usr/bin/env python3
"""The Flatpak manifest is valid JSON with what the app needs and no more."""
import json
import sys

m = json.load(open(sys.argv[1], encoding="utf-8"))
errors = []
if m.get("app-id") != "cn.gongjian.Gongjian":
    errors.append("app-id is not cn.gongjian.Gongjian")
if m.get("command") != "gongjian":
    errors.append("command is not gongjian")
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    errors.append("not the GNOME runtime and SDK")
if int(m.get("runtime-version", "0")) < 44:
    errors.append("GNOME runtime older than 44")
args = m.get("finish-args", [])
for needed in ["--share=network", "--socket=wayland", "--socket=fallback-x11",
               "--system-talk-name=org.freedesktop.Avahi"]:
    if needed not in args:
        errors.append(f"finish-args lacks {needed}")
for arg in args:
    if arg.startswith("--filesystem") or arg in ("--socket=x11", "--device=all"):
        errors.append(f"finish-args grants too much: {arg}")
modules = m.get("modules", [])
if not modules or modules[-1].get("name") != "gongjian" or modules[-1].get("buildsystem") != "meson":
    errors.append("the last module is not gongjian built with meson")
for mod in modules:
    for src in mod.get("sources", []):
        if src.get("type") in ("archive", "file") and not src.get("sha256"):
            errors.append(f"{mod.get('name')}: a download without sha256")
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
