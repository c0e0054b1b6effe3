"""Write a reproducible synthetic report of N networks, as text and as HTML.

usage: python benchmarks/generate.py N [--out DIR] [--seed 7]

The text copies the bundled report's format (month lines, header rows, pipe-separated
rows); the HTML is the same report as a saved web page with one table per month.
Variety: every ISO 3166 country, dozens of languages, hundreds of actors, every tactic,
several phrasings of each, and title-only rows.
"""

from __future__ import annotations

import argparse
import calendar
import html
import random
from pathlib import Path

import pycountry

LANGUAGES = [
    "Arabic",
    "Bengali",
    "Chinese",
    "English",
    "French",
    "German",
    "Hebrew",
    "Hindi",
    "Indonesian",
    "Italian",
    "Japanese",
    "Korean",
    "Persian",
    "Polish",
    "Portuguese",
    "Romanian",
    "Russian",
    "Serbian",
    "Spanish",
    "Swahili",
    "Tagalog",
    "Thai",
    "Turkish",
    "Ukrainian",
    "Urdu",
    "Vietnamese",
    "Hungarian",
    "Greek",
    "Dutch",
    "Czech",
    "Amharic",
    "Hausa",
    "Georgian",
    "Armenian",
    "Azerbaijani",
    "Kazakh",
    "Malay",
    "Tamil",
    "Nepali",
    "Somali",
]
FIRST = [
    "Ana",
    "Bogdan",
    "Chen",
    "Dmitri",
    "Émile",
    "Fatima",
    "Gökhan",
    "Hana",
    "Iñaki",
    "Jūratė",
    "Kwame",
    "Lucía",
    "Mihai",
    "Nguyễn",
    "Olúwasẹun",
    "Paweł",
    "Rania",
    "Søren",
    "Tomás",
    "Zoë",
]
LAST = [
    "Adeyemi",
    "Bălan",
    "Castillo",
    "Dvořák",
    "Erdoğan",
    "Fernández",
    "Gómez",
    "Horváth",
    "Ivanović",
    "Jansen",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nowak",
    "Okafor",
    "Petrescu",
    "Quispe",
    "Rossi",
    "Suárez",
    "Tanaka",
]
PARTY_WORDS = [
    "Democratic",
    "Liberal",
    "National",
    "People's",
    "Social",
    "Progressive",
    "Green",
    "Conservative",
    "Unity",
    "Renewal",
]
TACTIC_PHRASES = [
    "created inauthentic accounts",
    "used fake accounts",
    "operated via a fake engagement vendor",
    "relied on posting comments rather than videos",
    "reposted the same videos repeatedly",
    "created fictitious personas",
    "used AI-generated videos",
    "used VPNs to obfuscate their location",
    "created inauthentic news accounts in an attempt to appear as a more reputable information source",
    "posed as well-known news media entities",
    "used images of national symbols as account avatars",
    "redirected users away from TikTok through sharing of external links",
    "created websites aligned with the accounts",
    "posted non-political content to gain engagement before pivoting to political content",
    "displayed advanced operational security",
    "coordinated outside of TikTok through a messaging platform",
    "attempted to circumvent enforcement actions",
    "displayed anomalous user behavior to amplify content",
    "alternated between multiple languages",
    "presented accounts as fan accounts for a politician",
]
HEADER = "Detection Source | Accounts in network | Followers of Network | Description |"


def _countries() -> list[tuple[str, str]]:
    names = [(c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries]
    return sorted(names) + [("XK", "Kosovo")]


def _actors(rng: random.Random, count: int) -> list[str]:
    people = {f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(count)}
    parties = {f"{rng.choice(PARTY_WORDS)} {rng.choice(PARTY_WORDS)} Party" for _ in range(count // 4)}
    return sorted(people | parties)


def _network(rng: random.Random, index: int, countries, actors) -> tuple[str, str, int, int, str, str]:
    source = rng.choice(["Internal", "Internal", "Internal", "External"])
    accounts = rng.randint(3, 30000)
    followers = rng.randint(0, 5_000_000)
    _, target = countries[index % len(countries)]
    title = rng.choice(
        [
            f"Accounts targeting political discourse in {target}",
            f"Accounts targeting elections in {target}",
            f"Accounts promoting narratives in {target}",
        ]
    )
    if rng.random() < 0.15:
        return source, f"{accounts:,}", accounts, followers, title, ""
    _, origin = rng.choice(countries)
    sentences = [
        rng.choice(
            [
                f"We assess that this network operated from {origin} and targeted an audience in {target}.",
                f"We assess that this network was based in {origin} and targeted users in {target}.",
                f"We assess that this network targeted a global audience from {origin}.",
            ]
        ),
        f"The individuals behind this network {rng.choice(TACTIC_PHRASES)} in order to "
        f"{rng.choice(['promote', 'criticize', 'amplify narratives favorable to'])} {rng.choice(actors)}, "
        f"attempting to manipulate elections discourse.",
    ]
    if rng.random() < 0.5:
        sentences.append(
            f"The network posted content in {rng.choice(LANGUAGES)}{rng.choice(['', ' and ' + rng.choice(LANGUAGES)])}."
        )
    sentences.append(f"The network also {rng.choice(TACTIC_PHRASES)}.")
    count_text = f"{accounts:,}" if rng.random() < 0.9 else str(accounts)
    return source, count_text, accounts, followers, title, " ".join(sentences)


def months_for(n: int, per_month: int = 60, most: int = 300) -> list[tuple[int, int]]:
    """Consecutive (year, month) pairs from January 2000, newest first: about ``per_month``
    networks a month, never more than ``most`` months (larger corpora get fuller months)."""
    count = min(most, max(1, -(-n // per_month)))
    pairs = [(2000 + i // 12, i % 12 + 1) for i in range(count)]
    return pairs[::-1]


def generate(n: int, seed: int = 7) -> tuple[str, str]:
    """The synthetic report of ``n`` networks as (text, html)."""
    rng = random.Random(seed)
    countries = _countries()
    actors = _actors(rng, 600)
    months = months_for(n)
    per_month = -(-n // len(months))
    text = ["Synthetic covert influence operations report generated for benchmarks on TikTok."]
    page = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Synthetic report</title>",
        "<style>table{border:1px solid}</style><script>var x = 1;</script></head><body>",
        "<nav><a href='#'>Home</a></nav><main><h1>Covert influence operations</h1>",
    ]
    left, index = n, 0
    for year, month in months:
        size = min(per_month, left)
        left -= size
        last = calendar.monthrange(year, month)[1]
        name = calendar.month_name[month]
        intro = (
            f"This report contains information about the covert influence operations disrupted "
            f"between {name} 1-{last}, {year}. In addition to these new network disruptions, we removed "
            f"{rng.randint(0, 30000):,} accounts associated with previously disrupted networks attempting "
            f"to re-establish their presence within this reporting period."
        )
        text += [intro, HEADER]
        page += [
            f"<h2>{name} {year}</h2><p>{html.escape(intro)}</p><table>",
            "<tr><th>Detection Source</th><th>Accounts in network</th>"
            "<th>Followers of Network</th><th>Description</th></tr>",
        ]
        for _ in range(size):
            source, count_text, _, followers, title, description = _network(rng, index, countries, actors)
            index += 1
            cell = f"{title} {description}".strip()
            text.append(f"{source} | {count_text} | {followers:,} | {cell} |")
            body = f"<strong>{html.escape(title)}</strong>"
            if description:
                body += f"<br>{html.escape(description)}"
            page.append(f"<tr><td>{source}</td><td>{count_text}</td><td>{followers:,}</td><td>{body}</td></tr>")
        page.append("</table>")
        if left == 0:
            break
    page.append("</main><footer>Synthetic data</footer></body></html>")
    return "\n".join(text) + "\n", "\n".join(page) + "\n"


def split_months(text: str, parts: int) -> list[str]:
    """The text report of :func:`generate` cut into ``parts`` reports of consecutive months (as a
    platform publishes them: a file per period), each with the title line.

    >>> text, _ = generate(600)
    >>> pieces = split_months(text, 3)
    >>> len(pieces), sum(piece.count(" | ") for piece in pieces) == text.count(" | ")
    (3, True)
    """
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines) if line.startswith("This report contains information")]
    months = [lines[start:end] for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)]
    per_part = -(-len(months) // parts)
    return [
        "\n".join([lines[0], *(line for month in months[first : first + per_part] for line in month)]) + "\n"
        for first in range(0, len(months), per_part)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of networks")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    text, page = generate(args.n, args.seed)
    for suffix, content in (("txt", text), ("html", page)):
        path = args.out / f"synthetic-{args.n}.{suffix}"
        path.write_text(content, encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
