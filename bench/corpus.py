"""Our own generator of scraped-article corpora for the benchmark and the equivalence tests.

A similar mix to ../shared/bench/make_corpus.py (used instead when present): clean files,
whole-file mojibake, lossy mojibake, ad markers, white-space junk, CRLF, BOMs, correct
French/Portuguese. Deterministic for a seed. Standard library only; the sentences are ours.
"""
from __future__ import annotations

import argparse
import os
import random
import re

WHO = ["The council", "The mayor", "Regional officials", "The water board", "Shop owners", "The transit agency",
       "Two senators", "The hospital", "Teachers", "The port authority", "Farmers", "The court"]
DID = ["approved", "delayed", "rejected", "questioned", "announced", "defended", "postponed", "reviewed"]
WHAT = ["the harbor bridge repairs", "a new bus network", "the school budget", "a ban on plastic bags",
        "the stadium plan", "higher parking fees", "a flood-protection wall", "the merger", "new bike lanes"]
WHEN = ["on Monday", "late Tuesday", "this week", "after a long debate", "in March", "over the weekend"]
NAMES = ["Ana Ruiz", "Tom Hale", "Priya Nair", "Luc Moreau", "Joan Ellis", "Sam Osei", "Mia Berg"]
QUOTES = ["We can't keep waiting", "It's the right call for the city", "Nobody wanted this outcome",
          "We're not done yet", "I don't see another way", "They've made their decision"]
PATTERNS = [
    "{who} {did} {what} {when}, officials said.",
    "\"{quote},\" said {name}, who has followed the issue for years.",
    "{who} said the plan would cost ${a}-{b} million - far more than expected.",
    "The vote was {k} to {j}, and the group's leaders said they'd return to {what} in {a} days.",
    "It wasn't clear whether {who2} would appeal... a spokesperson didn't comment.",
    "In the '90s, {who2} {did} {what} too.",
]
ACCENTED = ["La mairie a annoncé que les travaux du château reprendront à l'été.",
            "A Câmara de São Paulo aprovou o orçamento no âmbito do programa.",
            "Selon le ministère, la réforme est « nécessaire » pour l'économie."]
AD_LINES = ["Advertisement", "ADVERTISEMENT", "(adsbygoogle = window.adsbygoogle || []).push({});",
            "Advertisement - story continues below"]
C1 = re.compile("[\x80-\x9f]")


def typographic(text: str) -> str:
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("\u201c" if opening else "\u201d")
            opening = not opening
        else:
            out.append(ch)
    text = "".join(out).replace("'", "\u2019").replace(" - ", " \u2014 ").replace("...", "\u2026")
    return re.sub(r"(\d)-(\d)", "\\1\u2013\\2", text)


def sentence(rng: random.Random) -> str:
    who = rng.choice(WHO)
    return rng.choice(PATTERNS).format(
        who=who, who2=who.lower(), did=rng.choice(DID), what=rng.choice(WHAT), when=rng.choice(WHEN),
        quote=rng.choice(QUOTES), name=rng.choice(NAMES), a=rng.randint(2, 90), b=rng.randint(91, 400),
        k=rng.randint(4, 9), j=rng.randint(0, 3))


def article(rng: random.Random, size: int, dirty: bool) -> str:
    paras = [f"{rng.choice(WHO)} {rng.choice(DID)} {rng.choice(WHAT)}", f"By {rng.choice(NAMES)}"]
    while sum(map(len, paras)) < size:
        p = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        if dirty and rng.random() < 0.1:
            p += " " + rng.choice(ACCENTED)
        paras.append(p)
    text = "\n\n".join(paras) + "\n"
    return typographic(text) if dirty else text


def mangle(rng: random.Random, text: str) -> bytes:
    lines = text.split("\n")
    if rng.random() < 0.5:  # ad residue
        for _ in range(rng.randint(1, 3)):
            lines.insert(rng.randrange(2, len(lines)), rng.choice(AD_LINES))
        lines = ["[ad_1]", ""] + lines + ["[ad_2]"]
    if rng.random() < 0.6:  # white-space junk
        for i in range(len(lines)):
            r = rng.random()
            if r < 0.25:
                lines[i] += " " * rng.randint(1, 3)
            elif r < 0.35 and " " in lines[i]:
                lines[i] = lines[i].replace(" ", rng.choice(["  ", "\u00a0", " \u200b"]), 1)
            elif r < 0.4:
                lines[i] += "\n\n"
    text = "\n".join(lines)
    r = rng.random()
    if r < 0.15:  # UTF-8 read as Windows-1252
        text = text.encode("utf-8").decode("cp1252", errors="replace")
    elif r < 0.2:  # read as Latin-1, C1 controls dropped
        text = C1.sub("", text.encode("utf-8").decode("latin-1"))
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if rng.random() < 0.05 else data


def make_file(rng: random.Random, size: int, clean_share: float) -> bytes:
    if rng.random() < clean_share:
        return article(rng, size, dirty=False).encode("utf-8")
    return mangle(rng, article(rng, size, dirty=True))


def make_folder(out: str, mb: float, seed: int = 1, clean_share: float = 0.2) -> int:
    rng, written, n = random.Random(seed), 0, 0
    os.makedirs(out, exist_ok=True)
    while written < mb * 1e6:
        data = make_file(rng, rng.randint(2000, 20000), clean_share)
        with open(os.path.join(out, f"article_{n:05d}.txt"), "wb") as fh:
            fh.write(data)
        written, n = written + len(data), n + 1
    return n


def make_single(path: str, mb: float, seed: int = 1, clean_share: float = 0.2) -> int:
    rng, written, n = random.Random(seed), 0, 0
    with open(path, "wb") as fh:
        while written < mb * 1e6:
            data = make_file(rng, rng.randint(2000, 20000), clean_share).removeprefix(b"\xef\xbb\xbf") + b"\n"
            fh.write(data)
            written, n = written + len(data), n + 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out")
    ap.add_argument("--single")
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clean", type=float, default=0.2, help="share of all-clean files (1 = all clean)")
    a = ap.parse_args()
    n = make_single(a.single, a.mb, a.seed, a.clean) if a.single else make_folder(a.out, a.mb, a.seed, a.clean)
    print(f"wrote {n} articles")


if __name__ == "__main__":
    main()
