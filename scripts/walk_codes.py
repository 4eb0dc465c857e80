#!/usr/bin/env python3
"""Rewrite the access walk's positional rows as codes by role name.

Old rows are strings of seven status codes in a fixed order:
``"404 200 404 200 200 404 302"`` (admin, coach, other_coach, executive, sponsor, outsider,
anonymous). This turns each into ``codes(coach=200, executive=200, sponsor=200, anonymous=302,
others=404)``: the code most common among the people with an account becomes ``others`` (on a
tie the refusal, the higher code); the roles that differ from it and the anonymous visitor are
named. The rater, who came after, gets what anonymous gets unless a row says
otherwise (see ``tests/walk.py``), so converted rows keep their meaning.

It only touches strings in the old form, so it can be run again on files where someone added
rows the old way. It imports ``codes`` where needed and runs ruff's import sorting and format.

    .venv/bin/python scripts/walk_codes.py                 # tests/test_access_walk.py and tests/walk*.py
    .venv/bin/python scripts/walk_codes.py tests/walk_new.py
"""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

OLD_ORDER = ("admin", "coach", "other_coach", "executive", "sponsor", "outsider", "anonymous")
ROW = re.compile(r'"(\d{3}(?: \d{3}){6})"')
HEADER = re.compile(r"^[ \t]*#[ \t]+admin coach other exec spons outsd anon[ \t]*\n", re.MULTILINE)
ORDER_SENTENCE = "Each row reads: admin, coach, other_coach, executive, sponsor, outsider, anonymous."
NEW_SENTENCE = "Each row names the status each role gets (``tests.walk.codes``)."
IMPORT = re.compile(r"^from tests\.walk import (\([^)]*\)|[^\n]+)$", re.MULTILINE)
ROOT = Path(__file__).resolve().parent.parent


def row_to_codes(row: str) -> str:
    by_role = dict(zip(OLD_ORDER, (int(code) for code in row.split()), strict=True))
    if len(set(by_role.values())) == 1:
        return f"codes(others={by_role['admin']})"
    # ``others`` is chosen among the people with an account; the anonymous visitor is always
    # named, so a login redirect never hides among the 302s of allowed writes.
    counts = Counter(code for role, code in by_role.items() if role != "anonymous")
    others = max(counts, key=lambda code: (counts[code], code))
    named = [f"{role}={code}" for role, code in by_role.items() if code != others or role == "anonymous"]
    return f"codes({', '.join([*named, f'others={others}'])})"


def convert(text: str, *, defines_codes: bool) -> str:
    text = ROW.sub(lambda match: row_to_codes(match.group(1)), text)
    text = HEADER.sub("", text)
    text = text.replace(ORDER_SENTENCE, NEW_SENTENCE)
    if defines_codes or "codes(" not in text:
        return text
    match = IMPORT.search(text)
    if match is None:
        first_import = re.search(r"^(?:from|import) ", text, re.MULTILINE)
        if first_import is None:
            raise SystemExit("no import to put `from tests.walk import codes` beside")
        return text[: first_import.start()] + "from tests.walk import codes\n" + text[first_import.start() :]
    names = [name.strip() for name in match.group(1).strip("()").split(",") if name.strip()]
    if "codes" in names:
        return text
    return text[: match.start()] + f"from tests.walk import {', '.join([*names, 'codes'])}" + text[match.end() :]


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or [ROOT / "tests/test_access_walk.py", *sorted((ROOT / "tests").glob("walk*.py"))]
    changed = []
    for path in files:
        before = path.read_text()
        after = convert(before, defines_codes=path.name == "walk.py")
        if after != before:
            path.write_text(after)
            changed.append(str(path))
    if changed:
        ruff = [sys.executable, "-m", "ruff"]
        # Our own files and our own ruff: nothing untrusted reaches the command line.
        subprocess.run([*ruff, "check", "--select", "I", "--fix", "--quiet", *changed], check=True)  # noqa: S603
        subprocess.run([*ruff, "format", "--quiet", *changed], check=True)  # noqa: S603
    print("\n".join(f"converted {name}" for name in changed) or "nothing in the old form")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
