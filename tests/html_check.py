"""Valid HTML, by the Nu HTML Checker (the ``vnu-jar`` npm package, run with Java).

The access walk hands every page it gets a 200 for to an ``HtmlBatch``; the batch is checked
once, when the test session ends (the checker's JVM takes a while to start), and any error
fails the run with the page, the role, the line and the checker's message.
"""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

JAVA = shutil.which("java") or "/usr/bin/java"
VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class HtmlBatch:
    """HTML documents waiting to be checked, each saved as a file under ``folder``."""

    folder: Path
    labels: dict[str, str] = field(default_factory=dict)  # file name → what it is ("GET home as coach")

    def add(self, label: str, body: bytes) -> None:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", label) + ".html"
        (self.folder / name).write_bytes(body)
        self.labels[name] = label

    def errors(self) -> list[str]:
        """One line per error the checker finds: ``<label>, line <n>: <message>``."""
        if not self.labels:
            return []
        files = [str(self.folder / name) for name in sorted(self.labels)]
        found = subprocess.run(  # noqa: S603 - the checker on files this batch wrote
            [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", "--exit-zero-always", *files],
            capture_output=True,
            text=True,
            check=True,
        )
        messages = json.loads(found.stdout)["messages"]
        errors = []
        for message in messages:
            if message["type"] not in ("error", "non-document-error"):
                continue
            label = self.labels.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
            errors.append(f"{label}, line {message.get('lastLine', '?')}: {message['message']}")
        return errors
