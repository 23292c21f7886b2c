"""The review round trip survives real tools (issue 13), end to end through the real CLI.

An OUT folder as a newsroom has it: the shipped reviewed example (locales/), the reference article
(../shared/seed) machine-translated by real (tiny, random-weight) CTranslate2 models and partly
reviewed (one entry edited with a translator comment, one approved as is, one edited but still
fuzzy), and an article whose heading is an exact translation-memory hit of the reviewed example.
Each tool then rewrites every PO file the way a reviewer's tool would: ``msgmerge --update`` with
the POT, ``msgcat``, ``msgattrib --clear-fuzzy``, a polib load/save with its default wrapping,
translate-toolkit's store load/save, and a Poedit save (Ctrl+S under Xvfb). After each:

* ``check`` reports the same findings (line numbers aside: tools re-wrap),
* ``build`` gives the same article for every PO file,
* ``stats`` gives the same counts (``msgattrib --clear-fuzzy`` is a reviewer approving every
  suggestion: exactly those move to "reviewed"),
* the next ``translate`` keeps every reviewed entry byte for byte, and (tools that change only the
  layout) gives back our files byte for byte; categories stay what they were.

Plus a PO file written by hand, without any ``kz-`` line: ``check`` finds its glossary error, its
number error and its untranslated entry.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from kztranslate.po.catalog import read_po, render_entry
from kztranslate.po.entries import category, is_reviewed, logical_lines
from tests.conftest import EXAMPLES, ROOT, SEED, needs_shared, run_cli_inproc

pytestmark = pytest.mark.slow

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # pinned dates: a re-render is byte-comparable
TM_ARTICLE = "Мәжіліс сайлау туралы заңға түзетулерді мақұлдады\n\nБүгін Астанада жаңа мектеп ашылды.\n"
POEDIT = ("poedit", "xvfb-run", "xdotool", "import")


def cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return run_cli_inproc(*args, env={**EPOCH, **env})


def translate(out: Path, env: dict, sources: list[Path]) -> dict:
    r = cli("translate", *map(str, sources), "--to", "ru,en", "--out", str(out), "--format", "json", env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def po_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.po") if ".tm" not in p.parts)


def findings(out: Path, env: dict) -> list[tuple]:
    r = cli("check", str(out), "--format", "json", env=env)
    assert r.returncode in (0, 1) and r.stderr == "", r.stderr
    return sorted((Path(f["file"]).relative_to(out).as_posix(), f["check"], f["severity"], f["position"], f["msgid"], f["message"]) for f in json.loads(r.stdout)["findings"])


def stats(out: Path, env: dict) -> dict[str, dict]:
    r = cli("stats", str(out), "--format", "json", env=env)
    assert r.returncode == 0, r.stderr
    return {Path(f["file"]).relative_to(out).as_posix(): {k: v for k, v in f.items() if k != "file"} for f in json.loads(r.stdout)["files"]}


def builds(out: Path, env: dict) -> dict[str, str]:
    result = {}
    for po in po_files(out):
        r = cli("build", str(po), env=env)
        assert r.returncode == 0, r.stderr
        result[po.relative_to(out).as_posix()] = r.stdout
    return result


def review(path: Path, edited: str) -> None:
    """What a reviewer does in an editor, saved by our writer: edit+approve, approve, edit (still fuzzy)."""
    from kztranslate.po.catalog import write_po

    po = read_po(path)
    live = [e for e in po if e.msgid and not e.obsolete]
    live[0].msgstr, live[0].flags = edited, []
    live[0].tcomment = "Checked against the DKNews original; a reviewer's comment long enough for polib to wrap it."
    live[1].flags = []
    live[2].msgstr = live[2].msgstr[:40].strip() or "черновик"
    write_po(po, path)


@pytest.fixture(scope="module")
def newsroom(tiny_models, tmp_path_factory):
    """(OUT folder, CLI environment, article paths, first and second translate reports)."""
    needs_shared(SEED)
    base = tmp_path_factory.mktemp("newsroom")
    models = base / "models"
    models.mkdir()
    env = {"KZTRANSLATE_MODELS": str(models)}
    for key in ("kk_en_argosmodel", "en_ru_argosmodel"):
        assert cli("models", "install", str(tiny_models[key]), env=env).returncode == 0
    out = base / "out"
    shutil.copytree(ROOT / "locales", out)
    tm_article = base / "src" / "tm-reuse.txt"
    tm_article.parent.mkdir()
    tm_article.write_text(TM_ARTICLE, encoding="utf-8")
    sources = [EXAMPLES / "mazhilis-election-law.txt", SEED, tm_article]
    first = translate(out, env, sources)
    review(out / "ru" / f"{SEED.stem}.po", "13 февраля 2026 года в Алматы прошла встреча накануне референдума.")
    review(out / "en" / f"{SEED.stem}.po", "On 13 February 2026 a meeting was held in Almaty ahead of the referendum.")
    second = translate(out, env, sources)
    return out, env, sources, first, second


def test_categories_are_stable_and_truthful(newsroom):
    out, env, _, first, second = newsroom
    by_slug = {a["slug"]: a for a in first["articles"]}
    again = {a["slug"]: a for a in second["articles"]}
    # The exact TM hit of a reviewed translation says so, on the first run and every one after.
    assert by_slug["tm-reuse"]["counts"]["ru"]["tm"] == 1 and again["tm-reuse"]["counts"]["ru"]["tm"] == 1
    assert again["tm-reuse"]["counts"]["ru"]["reviewed"] == 0 and again["tm-reuse"]["counts"]["ru"]["mt"] == 1
    assert again["mazhilis-election-law"]["counts"] == by_slug["mazhilis-election-law"]["counts"]
    assert again["tm-reuse"]["counts"] == by_slug["tm-reuse"]["counts"] and again["tm-reuse"]["written"] == []
    # The reviewer's work, and only that, changed the seed article's counts.
    seed = again[SEED.stem]["counts"]["ru"]
    assert (seed["reviewed"], seed["fuzzy"], seed["mt"]) == (2, 1, by_slug[SEED.stem]["counts"]["ru"]["mt"] - 3)
    s = stats(out, env)
    for lang in ("ru", "en"):
        counted = {k: s[f"{lang}/tm-reuse.po"][k] for k in ("reviewed", "tm", "mt", "fuzzy", "untranslated")}
        assert counted == {k: again["tm-reuse"]["counts"][lang][k] for k in counted}  # stats and translate agree


def _msgmerge(po: Path, out: Path) -> None:
    pot = out / f"{po.stem}.pot"
    subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", str(po), str(pot)], check=True)


def _msgcat(po: Path, out: Path) -> None:
    subprocess.run(["msgcat", "-o", str(po), str(po)], check=True)


def _msgattrib(po: Path, out: Path) -> None:
    subprocess.run(["msgattrib", "--clear-fuzzy", "-o", str(po), str(po)], check=True)


def _polib(po: Path, out: Path) -> None:
    polib.pofile(str(po)).save()  # polib's defaults: wraps everything at 78 columns, comments too


def _ttk(po: Path, out: Path) -> None:
    from translate.storage import factory

    factory.getobject(str(po)).save()


def _poedit(po: Path, out: Path) -> None:
    shot = out.parent / "shots" / f"{po.parent.name}-{po.stem}.png"
    shot.parent.mkdir(exist_ok=True)
    r = subprocess.run([str(ROOT / "scripts" / "poedit_check.sh"), str(po), str(shot), "--save"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (r.stdout, r.stderr)


TOOLS = {
    "msgmerge": (_msgmerge, ("msgmerge",)),
    "msgcat": (_msgcat, ("msgcat",)),
    "msgattrib": (_msgattrib, ("msgattrib",)),
    "polib": (_polib, ()),
    "translate-toolkit": (_ttk, ()),
    "poedit": (_poedit, POEDIT),
}


@pytest.mark.parametrize("tool", list(TOOLS))
def test_tool_round_trip_loses_nothing(newsroom, tool, tmp_path):
    apply, needs = TOOLS[tool]
    missing = [n for n in needs if shutil.which(n) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (.ci/run installs gettext, poedit, xvfb, xdotool, imagemagick)")
    src, env, sources, _, _ = newsroom
    out = tmp_path / "out"
    shutil.copytree(src, out)
    before_files = {p: p.read_bytes() for p in po_files(out)}
    before_findings, before_stats, before_builds = findings(out, env), stats(out, env), builds(out, env)
    assert any(f[1] == "glossary" for f in before_findings)  # something to lose
    for po in po_files(out):
        apply(po, out)
    after_tool = {p: read_po(p) for p in po_files(out)}

    assert findings(out, env) == before_findings
    assert builds(out, env) == before_builds
    expected = json.loads(json.dumps(before_stats))
    if tool == "msgattrib":  # a reviewer approving every suggestion: exactly those become reviewed
        for counts in expected.values():
            counts["reviewed"] += counts["mt"] + counts["fuzzy"]
            counts["mt"] = counts["fuzzy"] = 0
            counts["reviewed_percent"] = round(100.0 * counts["reviewed"] / counts["entries"], 1)
    assert stats(out, env) == expected

    tool_files = {p: p.read_bytes() for p in po_files(out)}
    translate(out, env, sources)
    for path, tool_po in after_tool.items():
        # Nothing to change: the file stays as the tool saved it (no re-wrap, no date bump) ...
        assert path.read_bytes() == tool_files[path], path
        now = {e.msgid: e for e in read_po(path)}
        for e in tool_po:
            if is_reviewed(e):  # ... and every reviewed entry is the reviewer's, byte for byte
                assert render_entry(now[e.msgid]) == render_entry(e), (path, e.msgid)
            assert category(now[e.msgid]) == category(e), (path, e.msgid)
        # What the tool changed is layout only (Poedit also stamps the header, msgattrib the
        # approvals, polib wraps the reviewer's long comment): our reading of the entries is the same.
        original = polib.pofile(before_files[path].decode("utf-8"))
        assert [_content(e, tool) for e in read_po(path)] == [_content(e, tool) for e in original], path
    assert stats(out, env) == expected


def _content(entry: polib.POEntry, tool: str) -> tuple:
    flags = [f for f in entry.flags if f != "fuzzy"] if tool == "msgattrib" else entry.flags
    return (entry.msgid, entry.msgstr, logical_lines(entry.comment), " ".join(entry.tcomment.split()), entry.occurrences, flags, entry.previous_msgid, entry.obsolete)


HAND_WRITTEN = r'''# Written by hand, as a translator without kztranslate would: no kz- line anywhere.
msgid ""
msgstr ""
"Language: ru\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

msgid "Мәжіліс заң жобасын мақұлдады."
msgstr "Парламент одобрил законопроект."

msgid "Жиынға 1 250 адам қатысты."
msgstr "Во встрече приняли участие 1 350 человек."

msgid "Кездесу Алматыда өтті."
msgstr ""

msgid "Кездесу екі сағатқа созылды."
msgstr "Встреча продлилась два часа."
'''


def test_hand_written_po_without_tags_is_judged(tmp_path):
    path = tmp_path / "ru" / "hand.po"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    r = run_cli_inproc("check", str(path), "--format", "json")
    assert r.returncode == 1 and r.stderr == "", r.stderr
    errors = {(f["msgid"], f["check"]) for f in json.loads(r.stdout)["findings"] if f["severity"] == "error"}
    assert errors == {
        ("Мәжіліс заң жобасын мақұлдады.", "glossary"),  # the glossary requires "Мажилис"
        ("Жиынға 1 250 адам қатысты.", "numbers"),
        ("Кездесу Алматыда өтті.", "untranslated"),
    }
    message = next(f["message"] for f in json.loads(r.stdout)["findings"] if f["check"] == "glossary")
    assert "'Мажилис'" in message and "'Мәжіліс'" in message
    s = json.loads(run_cli_inproc("stats", str(path), "--format", "json").stdout)["files"][0]
    assert (s["entries"], s["reviewed"], s["untranslated"], s["flagged"]) == (4, 3, 1, 1)
