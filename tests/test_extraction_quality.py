"""Extraction quality on a fixed sample of the shared dev corpus: no field may fall below its floor."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SCORER = PROJECT.parent / "shared" / "eval" / "score.py"
CORPUS = PROJECT.parent / "shared" / "corpus" / "dev"
FLOORS = Path(__file__).with_name("extraction_floors.json")
OVERALL = re.compile(r"^overall (.*)$", re.MULTILINE)


def _overall(output):
    """{'body_f1': 0.95, ..., 'errors': 0.0} from the scorer's `overall` line ("na" fields left out)."""
    match = OVERALL.search(output)
    assert match, f"no overall line in the scorer's output:\n{output[-2000:]}"
    scores = {}
    for pair in match.group(1).split():
        key, _, value = pair.partition("=")
        try:
            scores[key] = float(value)
        except ValueError:
            continue
    return scores


@pytest.mark.skipif(not SCORER.is_file() or not CORPUS.is_dir(), reason="shared scorer or dev corpus not present")
def test_extraction_quality_does_not_fall_below_the_floors(tmp_path):
    config = json.loads(FLOORS.read_text(encoding="utf-8"))
    sample = tmp_path / "sample"
    sample.mkdir()
    for case in config["cases"]:
        (sample / case).symlink_to(CORPUS / case, target_is_directory=True)
    command = f"{sys.executable} manage.py ingest {{html}} --url {{url}} --dry-run --json"
    result = subprocess.run(
        [sys.executable, str(SCORER), str(sample), "--cmd", command, "-j", "2"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    scores = _overall(result.stdout)
    print("overall", scores)
    assert scores["n"] == len(config["cases"])
    assert scores["errors"] == 0, result.stderr[-2000:]
    below = {f: (scores.get(f), floor) for f, floor in config["floors"].items() if scores.get(f, 0.0) < floor}
    assert not below, f"fields below their floor (score, floor): {below}"
