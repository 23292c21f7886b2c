"""Install footprint: the size of a fresh virtual environment per way of installing kztranslate.

Why: the goal (issue 16) is a plain install of at most 400 MB with no file the product never
loads. Each option is installed from PyPI into its own venv in a temporary folder (this bench
needs the network, unlike everything else here; it is not part of the test suite), then the
venv's site-packages is measured (bytes on disk of its files, pip itself and setuptools
excluded, as they come with every venv) and its ten biggest entries are listed.

Options:
  plain      pip install -e .                   (README's first command)
  lean       plain, then pip uninstall onnxruntime  (argos-translate-lt -> minisbd -> onnxruntime,
             never loaded: argostranslate's own sentence splitter, which kztranslate never runs)
  hf         pip install -e '.[hf]'               (adds tokenizers for models shipping only tokenizer.json)

Usage: python bench/bench_install.py [--options plain,lean,hf]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = ("pip", "setuptools", "_distutils_hack", "distutils-precedence.pth", "__pycache__")


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python*/site-packages"))


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def entries(site: Path) -> dict[str, int]:
    """Bytes per top-level entry of site-packages, pip's own and setuptools' left out."""
    out = {}
    for p in site.iterdir():
        if p.name.startswith(SKIP) or p.name.split("-")[0] in ("pip", "setuptools"):
            continue
        out[p.name] = size_of(p)
    return out


def source_copy(dest: Path) -> Path:
    """The working tree's files (tracked and untracked, not ignored) copied to ``dest``: an editable
    install writes its metadata beside the source, and a bench writes only under temporary folders."""
    import shutil

    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, names):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def quiet(done: subprocess.CompletedProcess) -> None:
    """pip's output only when it failed (its warnings about this machine's find-links are noise)."""
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, done.args))} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")


def install(option: str, venv: Path, src: Path) -> None:
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    target = {"plain": str(src), "lean": str(src), "hf": f"{src}[hf]"}[option]
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    quiet(subprocess.run([*pip, "-e", target], capture_output=True, text=True))
    if option == "lean":
        quiet(subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "-q", "-y", "onnxruntime"], capture_output=True, text=True))
    # the product must still import and run its CLI in every option
    subprocess.run([str(venv / "bin" / "kztranslate"), "--help"], check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--options", default="plain,lean,hf")
    args = ap.parse_args()
    pip_version = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True).stdout.split()[1]
    print(f"{time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, pip {pip_version}")
    results = {}
    for option in args.options.split(","):
        with tempfile.TemporaryDirectory(prefix="kz-install-") as tmp:
            venv = Path(tmp) / "venv"
            t0 = time.perf_counter()
            install(option, venv, source_copy(Path(tmp) / "src"))
            sizes = entries(site_packages(venv))
            total = sum(sizes.values())
            results[option] = total
            print(f"\n{option}: {total / 1e6:.0f} MB ({total / 2**20:.0f} MiB) in site-packages, installed in {time.perf_counter() - t0:.0f} s; biggest:")
            for name, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:10]:
                print(f"  {size / 1e6:7.1f} MB  {name}")
    print()
    for option, total in results.items():
        print(f"{option:6s} {total / 1e6:5.0f} MB  (goal <= 400 MB: {'met' if total <= 400e6 else 'not met'})")


if __name__ == "__main__":
    main()
