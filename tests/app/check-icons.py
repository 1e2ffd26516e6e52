#!/usr/bin/env python3
"""The app icons are well-formed SVG of the sizes GNOME expects.

The full-colour icon is drawn on a 128×128 canvas; the symbolic one is
16×16 and uses only #2e3436, the colour GTK replaces with the theme's
foreground when it recolours a symbolic icon.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
ICONS = "icons/hicolor"
root = sys.argv[1]
errors = []


def check_canvas(path, svg, size):
    if svg.tag != SVG + "svg":
        errors.append(f"{path}: the root element is not an SVG <svg>")
        return
    if svg.get("width") != size or svg.get("height") != size:
        errors.append(f"{path}: width and height must be {size}")
    if (svg.get("viewBox") or "").split() != ["0", "0", size, size]:
        errors.append(f"{path}: the viewBox must be 0 0 {size} {size}")


def colours(element):
    for attr in ("fill", "stroke", "stop-color", "color"):
        if element.get(attr):
            yield element.get(attr)
    for decl in (element.get("style") or "").split(";"):
        name, _, value = decl.partition(":")
        if name.strip() in ("fill", "stroke", "stop-color", "color"):
            yield value.strip()


def parse(path):
    try:
        return ET.parse(f"{root}/{path}").getroot()
    except (OSError, ET.ParseError) as e:
        errors.append(f"{path}: {e}")
        return None


full = f"{ICONS}/scalable/apps/cn.gongjian.Gongjian.svg"
svg = parse(full)
if svg is not None:
    check_canvas(full, svg, "128")
    for e in svg.iter():
        if e.tag in (SVG + "image", SVG + "script", SVG + "foreignObject"):
            errors.append(f"{full}: contains <{e.tag.removeprefix(SVG)}>; draw it with shapes")
        for name, value in e.attrib.items():
            if (name.endswith("href") and not value.startswith("#")) or re.search(r"url\((?!#)", value):
                errors.append(f"{full}: refers to an outside resource: {value}")

symbolic = f"{ICONS}/symbolic/apps/cn.gongjian.Gongjian-symbolic.svg"
svg = parse(symbolic)
if svg is not None:
    check_canvas(symbolic, svg, "16")
    shapes = 0
    for e in svg.iter():
        name = e.tag.removeprefix(SVG)
        if name in ("path", "circle", "rect", "ellipse", "polygon"):
            shapes += 1
        if name in ("image", "text", "linearGradient", "radialGradient", "filter"):
            errors.append(f"{symbolic}: <{name}> does not belong in a symbolic icon")
        for c in colours(e):
            if c.lower() not in ("#2e3436", "none"):
                errors.append(f"{symbolic}: colour {c} in <{name}>; use only #2e3436")
    if shapes == 0:
        errors.append(f"{symbolic}: draws nothing")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
