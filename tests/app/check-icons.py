#!/usr/bin/env python3
"""The app icons parse as SVG and have the sizes GNOME expects."""
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
ok = True
for path, size in [("icons/hicolor/scalable/apps/cn.gongjian.Gongjian.svg", "128"),
                   ("icons/hicolor/symbolic/apps/cn.gongjian.Gongjian-symbolic.svg", "16")]:
    svg = ET.parse(f"{root}/{path}").getroot()
    if not svg.tag.endswith("svg") or svg.get("width") != size or svg.get("height") != size:
        print(f"{path}: expected a {size}×{size} SVG", file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
