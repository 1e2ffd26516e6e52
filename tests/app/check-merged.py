#!/usr/bin/env python3
"""The desktop entry and metainfo that i18n.merge_file built agree with each
other and with the icon, and carry the zh_CN translation of every
translatable text.

usage: check-merged.py DESKTOP METAINFO SHARE-SOURCE-DIR
"""
import configparser
import os
import sys
import xml.etree.ElementTree as ET

APP_ID = "cn.gongjian.Gongjian"
LANG = "zh_CN"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
desktop_path, metainfo_path, share = sys.argv[1:4]
errors = []

# Desktop entry.
entry = configparser.RawConfigParser(interpolation=None, strict=True)
entry.optionxform = str
entry.read(desktop_path, encoding="utf-8")
d = entry["Desktop Entry"]
if d.get("Icon") != APP_ID:
    errors.append(f"desktop entry: Icon is {d.get('Icon')!r}, not {APP_ID}")
if not os.path.exists(f"{share}/icons/hicolor/scalable/apps/{d.get('Icon')}.svg"):
    errors.append(f"desktop entry: no scalable icon named {d.get('Icon')}")
if d.get("Exec", "").split()[:1] != ["gongjian"]:
    errors.append("desktop entry: Exec does not start gongjian")
for key in ("Name", "GenericName", "Comment", "Keywords"):
    if key in d and not d.get(f"{key}[{LANG}]"):
        errors.append(f"desktop entry: {key} has no {LANG} translation")

# Metainfo.
component = ET.parse(metainfo_path).getroot()
if component.findtext("id") != APP_ID:
    errors.append(f"metainfo: id is not {APP_ID}")
launchable = component.find("launchable[@type='desktop-id']")
if launchable is None or launchable.text != os.path.basename(desktop_path):
    errors.append(f"metainfo: the launchable is not {os.path.basename(desktop_path)}")


def translated(parent, tag, where):
    """Every untranslated <tag> under parent is followed by a zh_CN twin."""
    plain = [e for e in parent.findall(tag) if e.get(XML_LANG) is None]
    local = [e for e in parent.findall(tag) if e.get(XML_LANG) == LANG]
    if len(local) < len(plain):
        errors.append(f"metainfo: {where}: {len(plain) - len(local)} <{tag}> without {LANG}")


translated(component, "name", "component")
translated(component, "summary", "component")
translated(component, "developer_name", "component")
for description in component.iter("description"):
    translated(description, "p", "description")
    for ul in description.findall("ul"):
        translated(ul, "li", "description list")
for screenshot in component.iter("screenshot"):
    translated(screenshot, "caption", "screenshot")
    # Each image is a real screenshot committed under share/screenshots,
    # of the size it declares, with a zh_CN one beside it.
    images = screenshot.findall("image")
    if not any(i.get(XML_LANG) == LANG for i in images):
        errors.append(f"metainfo: a screenshot has no {LANG} image")
    for image in images:
        name = os.path.basename(image.text.strip())
        path = f"{share}/screenshots/{name}"
        if not os.path.exists(path):
            errors.append(f"metainfo: screenshot {name} is not in {share}/screenshots")
            continue
        with open(path, "rb") as f:
            head = f.read(24)
        if head[:8] != b"\x89PNG\r\n\x1a\n":
            errors.append(f"metainfo: screenshot {name} is not a PNG")
            continue
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        if (str(width), str(height)) != (image.get("width"), image.get("height")):
            errors.append(f"metainfo: screenshot {name} is {width}x{height}, the metainfo says "
                          f"{image.get('width')}x{image.get('height')}")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
