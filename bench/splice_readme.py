"""Puts a results file into README.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`.

Usage: python3 bench/splice_readme.py NAME FILE   (from the repository root)
"""

import re
import sys

name, path = sys.argv[1], sys.argv[2]
readme = open("README.md", encoding="utf-8").read()
results = open(path, encoding="utf-8").read().strip()
start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
if start not in readme or end not in readme:
    sys.exit(f"README.md has no {start} ... {end} section")
pattern = re.escape(start) + ".*?" + re.escape(end)
readme = re.sub(pattern, lambda _: f"{start}\n{results}\n{end}", readme, flags=re.S)
open("README.md", "w", encoding="utf-8").write(readme)
print(f"README.md: {name} section updated from {path}")
