# SPDX-License-Identifier: MIT
"""Two Linux libraries the bundle ships rebuilt smaller (used by build/tucai_desk.spec).

- ``libicudata``: the ICU data that Qt links (31 MB) holds every locale's data for every ICU
  service. Qt Core calls only collation, time-zone names, calendars, codecs and case mapping;
  :func:`trim_icu_data` keeps the items those need (for the locales asked for) and writes a
  library with the same SONAME and data symbol.
- cv2's OpenBLAS: :func:`build_openblas_shim` compiles ``openblas_shim.c`` into a library with
  the SONAME cv2 links, forwarding its 19 BLAS/LAPACK calls to numpy's OpenBLAS.

Both need binutils (``nm``; the spec's strip step needs them already) and a C compiler (``cc``).
Each returns ``None`` with the reason when something does not fit, and the spec then ships the
original library: the bundle is larger but complete.

Run as a script to see what a trim would keep: ``python build/bundle_libs.py LIBICUDATA``.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# ICU data

# ICU data trees no Qt code path reaches: QtCore imports only ucol_* (QCollator), ucal_* (time
# zone names), ucnv_* (codecs) and u_strToUpper/Lower (case data is built into libicuuc), and no
# other bundled library links ICU. Break iterators (QTextBoundaryFinder is Qt's own), display
# names of languages and regions, currencies, units, transliteration and spelled-out numbers
# (QLocale has its own CLDR tables) are never opened.
ICU_UNUSED_TREES = ("brkitr", "curr", "lang", "rbnf", "region", "translit", "unit")
# Trees and top-level bundles whose items are per locale (coll/zh.res, zone/en.res, zh_CN.res).
ICU_LOCALE_TREES = ("", "coll", "zone")
_LOCALE_ITEM = re.compile(r"^(?P<lang>[a-z]{2,3})(_[A-Za-z0-9_]*)?\.res$")
# Per-tree items that are no locale although they look like one (the index of installed locales).
_NOT_LOCALES = {"res_index.res"}


def icu_keep(locales: Iterable[str] | None) -> Callable[[str], bool]:
    """Which items of the data to keep: everything but ICU_UNUSED_TREES and, when ``locales``
    is given, the per-locale bundles of other languages (root, pool and indexes always stay)."""
    langs = None if locales is None else set(locales)

    def keep(item: str) -> bool:  # item: "coll/zh.res", "zh_CN.res", "cnvalias.icu"
        tree, _, name = item.rpartition("/")
        if tree in ICU_UNUSED_TREES:
            return False
        if langs is None or tree not in ICU_LOCALE_TREES:
            return True
        match = _LOCALE_ITEM.match(name)
        return match is None or name in _NOT_LOCALES or match["lang"] in langs

    return keep


def _symbol(lib: Path, pattern: str) -> tuple[str, int, int] | None:
    """(name, file offset, size) of the defined dynamic symbol matching ``pattern``."""
    out = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(pattern, parts[3]):
            return parts[3], _file_offset(lib, int(parts[0], 16)), int(parts[1], 16)
    return None


def _file_offset(lib: Path, vaddr: int) -> int:
    """The file offset of a virtual address, through the PT_LOAD segments (ELF64 LE)."""
    with lib.open("rb") as fh:
        head = fh.read(64)
        phoff = struct.unpack_from("<Q", head, 0x20)[0]
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        fh.seek(phoff)
        table = fh.read(phentsize * phnum)
    for i in range(phnum):
        kind, _, offset, start, _, filesz = struct.unpack_from("<IIQQQQ", table, i * phentsize)
        if kind == 1 and start <= vaddr < start + filesz:
            return vaddr - start + offset
    raise ValueError(f"{lib}: address {vaddr:#x} is in no loaded segment")


def read_icu_data(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split ICU common data ("CmnD", offset TOC) into its header and (name, bytes) items.

    Layout (ICU ucmndata.h): a data header of ``headerSize`` bytes, then the TOC: a uint32
    count, ``count`` pairs (nameOffset, dataOffset) relative to the TOC, the names, and the
    items, each 16-byte aligned. An item runs to the next one's offset (the last to the end).
    """
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not little-endian ICU common data")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_off, data_off) in enumerate(entries):
        end = entries[i + 1][1] if i + 1 < count else len(blob) - toc
        name = blob[toc + name_off : blob.index(b"\0", toc + name_off)].decode("ascii")
        items.append((name, blob[toc + data_off : toc + end]))
    return blob[:header_size], items


def write_icu_data(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """ICU common data from a header and (name, bytes) items, in the order given (ICU looks
    names up by binary search, so keep the original, sorted order)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    head_len = 4 + 8 * len(items)
    data_start = -(-(head_len + len(names)) // 16) * 16
    toc = bytearray(struct.pack("<I", len(items)))
    body = bytearray()
    name_off = head_len
    for name, data in items:
        toc += struct.pack("<II", name_off, data_start + len(body))
        name_off += len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    toc += names
    toc += b"\0" * (data_start - len(toc))
    return bytes(header) + bytes(toc) + bytes(body)


def _cc() -> str | None:
    return shutil.which("cc") or shutil.which("gcc")


def _soname(lib: Path) -> str | None:
    out = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[(.+?)\]", out)
    return match[1] if match else None


def trim_icu_data(src: Path, dst: Path, keep: Callable[[str], bool]) -> str | None:
    """Write ``dst``: ``src`` (libicudata) with only the items ``keep`` accepts.

    Returns None when done, else why not (then nothing is written).
    """
    cc = _cc()
    if cc is None:
        return "no C compiler (cc)"
    found = _symbol(src, r"icudt\d+_dat")
    if found is None:
        return "no icudtNN_dat symbol"
    symbol, offset, size = found
    with src.open("rb") as fh:
        fh.seek(offset)
        blob = fh.read(size)
    header, items = read_icu_data(blob)
    package = items[0][0].split("/", 1)[0]  # "icudt73l"
    kept = [(name, data) for name, data in items if keep(name.split("/", 1)[1])]
    if not any(name.endswith("/root.res") for name, _ in kept):
        return "the trim would drop root.res"
    soname = _soname(src)
    if soname is None:
        return "no SONAME"
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / f"{package}.dat"
        dat.write_bytes(write_icu_data(header, kept))
        asm = Path(tmp) / "icudata.S"
        asm.write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "{dat}"\n\t.size {symbol}, .-{symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        dst.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [cc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(dst), str(asm)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return f"cc failed: {done.stderr.strip()[:300]}"
    # Read it back: the same items must come out of the new library.
    check = _symbol(dst, re.escape(symbol))
    with dst.open("rb") as fh:
        fh.seek(check[1])
        _, back = read_icu_data(fh.read(check[2]))
    if [name for name, _ in back] != [name for name, _ in kept] or any(
        data[: len(orig)] != orig for (_, data), (_, orig) in zip(back, kept, strict=True)
    ):
        dst.unlink()
        return "the written data does not read back"
    return None


# ---------------------------------------------------------------------------------------------
# OpenBLAS


def _symbols(lib: Path, *, defined: bool) -> set[str]:
    flag = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(
        ["nm", "-D", flag, str(lib)], capture_output=True, text=True, check=True
    ).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def _ilp64_name(name: str) -> str:
    """The name numpy's 64-bit-integer OpenBLAS gives a function (dgesv_64_, cblas_sgemm64_)."""
    return f"{name}64_"


def build_openblas_shim(
    source: Path, cv2_ext: Path, cv2_blas: Path, numpy_blas: Path, dst: Path
) -> str | None:
    """Compile ``source`` into ``dst``: a library with ``cv2_blas``'s SONAME that forwards to
    ``numpy_blas`` (linked by name, found through ``$ORIGIN/../<numpy_blas's folder>``).

    Checks first that the functions cv2 imports from its OpenBLAS are exactly those the shim
    defines and that numpy's OpenBLAS has their 64-bit versions; returns why not otherwise.
    """
    cc = _cc()
    if cc is None:
        return "no C compiler (cc)"
    wanted = _symbols(cv2_ext, defined=False) & _symbols(cv2_blas, defined=True)
    have = _symbols(numpy_blas, defined=True)
    missing = sorted(n for n in wanted if _ilp64_name(n) not in have)
    if missing:
        return f"numpy's OpenBLAS lacks {', '.join(missing)}"
    soname = _soname(cv2_blas) or cv2_blas.name
    rpath = f"$ORIGIN/../{numpy_blas.parent.name}"
    dst.parent.mkdir(parents=True, exist_ok=True)
    # DT_RPATH (not RUNPATH) so that it also serves numpy OpenBLAS's own libgfortran.
    link = f"-Wl,-soname,{soname},--disable-new-dtags,--no-undefined,-rpath,{rpath}"
    compile_ = ["-O2", "-fPIC", "-shared", "-Wall", "-Werror"]
    blas = [f"-L{numpy_blas.parent}", f"-l:{numpy_blas.name}"]
    done = subprocess.run(
        [cc, *compile_, link, "-o", str(dst), str(source), *blas], capture_output=True, text=True
    )
    if done.returncode != 0:
        return f"cc failed: {done.stderr.strip()[:300]}"
    defined = _symbols(dst, defined=True)
    if wanted - defined:
        dst.unlink()
        return f"cv2 imports {', '.join(sorted(wanted - defined))}, which the shim does not define"
    return None


if __name__ == "__main__":
    lib = Path(sys.argv[1])
    sym = _symbol(lib, r"icudt\d+_dat")
    with lib.open("rb") as fh:
        fh.seek(sym[1])
        _, all_items = read_icu_data(fh.read(sym[2]))
    for locales in (None, ("zh", "en")):
        keep = icu_keep(locales)
        size = sum(len(d) for n, d in all_items if keep(n.split("/", 1)[1]))
        total = sum(len(d) for _, d in all_items)
        sys.stdout.write(
            f"locales {locales or 'all'}: {size / 2**20:.1f} of {total / 2**20:.1f} MiB\n"
        )
