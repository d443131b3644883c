#!/usr/bin/env python3
"""Write a valid carsi data file of N programs, for measuring how carsi scales.

    python benchmarks/generate.py 1000 out/model-1000.yaml            # no source text
    python benchmarks/generate.py 1000 out/model-1000.yaml --text     # and a source text

Each program gets about three funding records (totals and per-year rates over
fiscal-year spans, a few undated), realistic names, two to four agencies and
one to three countries; there is one statistic per ten programs and one event
per twenty. With --text, a source text holding every quote is written beside
the file and named by source.text_file, so that loading checks every quote.
The output is deterministic for a given N (and --seed).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

AGENCIES = [
    ("dod", "Department of Defense", "department", ["DOD"]),
    ("doj", "Department of Justice", "department", ["DOJ"]),
    ("dhs", "Department of Homeland Security", "department", ["DHS"]),
    ("dos", "Department of State", "department", ["State"]),
    ("treasury", "Department of the Treasury", "department", ["Treasury"]),
    ("dea", "Drug Enforcement Administration", "agency", ["DEA"]),
    ("cbp", "U.S. Customs and Border Protection", "agency", ["CBP"]),
    ("ice", "U.S. Immigration and Customs Enforcement", "agency", ["ICE"]),
    ("usaid", "U.S. Agency for International Development", "agency", ["USAID"]),
    ("fbi", "Federal Bureau of Investigation", "agency", ["FBI"]),
    ("jiatf-south", "Joint Interagency Task Force-South", "task-force", ["JIATF-South"]),
    ("southcom", "U.S. Southern Command", "military-command", ["SOUTHCOM"]),
]
COUNTRIES = [
    ("guatemala", "Guatemala", ["Guatemalan"]),
    ("honduras", "Honduras", []),
    ("el-salvador", "El Salvador", []),
    ("nicaragua", "Nicaragua", []),
    ("costa-rica", "Costa Rica", []),
    ("panama", "Panamá", ["Panama"]),
    ("belize", "Belize", []),
    ("dominican-republic", "Dominican Republic", []),
    ("mexico", "México", ["Mexico"]),
    ("colombia", "Colombia", []),
    ("united-states", "United States", ["U.S."]),
]
THEMES = [
    "Citizen Security",
    "Border Security",
    "Rule of Law",
    "Community Policing",
    "Youth Violence Prevention",
    "Maritime Interdiction",
    "Anti-Gang",
    "Judicial Reform",
    "Prison Management",
    "Financial Intelligence",
    "Port Security",
    "Firearms Tracing",
    "Human Trafficking",
    "Forensic Capacity",
    "Victim Assistance",
]
FORMS = ["Program", "Initiative", "Partnership", "Task Force", "Fund", "Project"]
OPERATIONS = ["Martillo", "Escudo", "Relámpago", "Tormenta", "Halcón", "Centinela", "Faro", "Ancla", "Brisa", "Cumbre"]
KINDS = ["program", "initiative", "operation", "activity", "strategy", "coalition"]
VERBS = ["allocated", "committed", "dedicated", "obligated", "appropriated"]
PURPOSES = [
    "training and equipping vetted police units",
    "prevention programs for at-risk youth",
    "prosecutorial and judicial capacity",
    "maritime interceptor vessels and crews",
    "community outreach centres",
    "forensic laboratories",
    "border crossing inspection technology",
    "anti-money-laundering units",
]


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def money(amount: int) -> str:
    return f"${amount // 1_000_000} million" if amount % 1_000_000 == 0 else f"${amount:,}"


def generate(n: int, seed: int) -> tuple[list[str], list[str]]:
    """The YAML lines of the model, and the sentences of its source text."""
    rng = random.Random(seed)
    sentences: list[str] = []

    def say(sentence: str) -> str:
        sentences.append(sentence)
        return sentence

    lines = [
        "carsi_schema: 1",
        "source:",
        "  id: generated",
        f"  title: {quoted(f'Generated model of {n} programs')}",
        '  date: "2012-03-06"',
        "  publisher: carsi benchmarks",
        "  citation: Generated for benchmarking carsi.",
    ]
    lines.append("programs:")
    program_ids = []
    program_names = []  # every quote that concerns a program names it, as carsi's checks ask
    for i in range(n):
        country = rng.choice(COUNTRIES)
        if rng.random() < 0.15:
            name = f"Operation {rng.choice(OPERATIONS)} {i}"
            kind = "operation"
        else:
            name = f"{country[1]} {rng.choice(THEMES)} {rng.choice(FORMS)} {i}"
            kind = rng.choice(KINDS)
        pid = f"program-{i}"
        program_ids.append(pid)
        program_names.append(name)
        agencies = rng.sample(AGENCIES, rng.randint(2, 4))
        countries = [country, *rng.sample(COUNTRIES, rng.randint(0, 2))]
        country_ids = list(dict.fromkeys(c[0] for c in countries))
        names = ", ".join(a[3][0] for a in agencies)
        quote = say(
            f"The {name}, carried out by {names}, supports partners in {', '.join(c[1] for c in countries)} "
            f"with {rng.choice(PURPOSES)} and {rng.choice(PURPOSES)}."
        )
        lines += [
            f"  - id: {pid}",
            f"    name: {quoted(name)}",
            f"    kind: {kind}",
            f"    aliases: [{quoted(f'P{i}')}, {quoted(name.upper())}]",
            f"    description: {quoted(f'{rng.choice(THEMES)} work in {country[1]}: {rng.choice(PURPOSES)}.')}",
            f"    agencies: [{', '.join(a[0] for a in agencies)}]",
            f"    countries: [{', '.join(country_ids)}]",
        ]
        if i and rng.random() < 0.3:
            lines.append(f"    listed_under: program-{rng.randrange(i)}")
        lines += [f"    quote: {quoted(quote)}", "    source: generated"]

    lines.append("funding:")
    for i, pid in enumerate(program_ids):
        for j in range(rng.choice((2, 3, 3, 4))):
            amount = rng.randint(1, 900) * 1_000_000
            start = rng.randint(2005, 2014)
            end = start + rng.choice((0, 0, 1, 2, 3))
            per_year = rng.random() < 0.25
            more = rng.random() < 0.3
            verb = rng.choice(VERBS)
            years = f"FY {start}" if start == end else f"FY {start}-{end}"
            figure = ("more than " if more else "") + money(amount) + (" per year" if per_year else "")
            undated = rng.random() < 0.05
            if undated:
                quote = say(
                    f"Partners have {verb} {figure} to the {program_names[i]} for {rng.choice(PURPOSES)} (figure {j})."
                )
            else:
                quote = say(
                    f"In {years}, the United States {verb} {figure} to the {program_names[i]} "
                    f"for {rng.choice(PURPOSES)}."
                )
            lines += [
                f"  - id: funding-{i}-{j}",
                f"    program: {pid}",
                f"    amount_usd: {amount}",
                f"    qualifier: {'more_than' if more else 'exact'}",
            ]
            if not undated:
                lines += [f"    fy_start: {start}", f"    fy_end: {end}"]
            lines += [
                f"    basis: {'per_year' if per_year else 'total'}",
                f"    kind: {verb}",
                f"    purpose: {quoted(rng.choice(PURPOSES).capitalize())}",
                f"    quote: {quoted(quote)}",
                "    source: generated",
            ]

    lines.append("agencies:")
    for aid, name, kind, aliases in AGENCIES:
        quote = say(f"The {name} ({aliases[0]}) takes part in the programs.")
        lines += [
            f"  - id: {aid}",
            f"    name: {quoted(name)}",
            f"    kind: {kind}",
            f"    aliases: [{', '.join(quoted(a) for a in aliases)}]",
            f"    quote: {quoted(quote)}",
            "    source: generated",
        ]
    lines.append("countries:")
    for cid, name, aliases in COUNTRIES:
        role_program = rng.choice(program_ids)
        quote = say(f"Programs in {name} are part of this model.")
        role_quote = say(f"{name} takes part in the {program_names[program_ids.index(role_program)]}.")
        lines += [f"  - id: {cid}", f"    name: {quoted(name)}"]
        if aliases:
            lines.append(f"    aliases: [{', '.join(quoted(a) for a in aliases)}]")
        lines += [
            "    roles:",
            f"      - role: {quoted(f'Partner country, {name}')}",
            f"        program: {role_program}",
            f"        quote: {quoted(role_quote)}",
            f"    quote: {quoted(quote)}",
            "    source: generated",
        ]
    lines.append("statistics:")
    for i in range(max(1, n // 10)):
        count = rng.randint(2, 90)
        quote = say(f"The {program_names[i * 10]} trained {count} units in its first year.")
        lines += [
            f"  - id: statistic-{i}",
            f"    name: Units trained by program {i * 10}",
            f"    value: {count}",
            "    unit: count",
            f"    phrase: {quoted(f'{count} units')}",
            f"    program: program-{i * 10}",
            f"    quote: {quoted(quote)}",
            "    source: generated",
        ]
    lines.append("events:")
    for i in range(max(1, n // 20)):
        year, month, day = rng.randint(2008, 2012), rng.randint(1, 12), rng.randint(1, 28)
        month_name = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][month - 1]
        quote = say(f"On {month_name} {day}, {year}, program {i * 20} began its work.")
        lines += [
            f"  - id: event-{i}",
            f'    date: "{year}-{month:02d}-{day:02d}"',
            f"    title: Program {i * 20} begins",
            f"    programs: [program-{i * 20}]",
            f"    quote: {quoted(quote)}",
            "    source: generated",
        ]
    return lines, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of programs")
    parser.add_argument("out", type=Path, help="the YAML file to write")
    parser.add_argument("--text", action="store_true", help="also write a source text holding every quote")
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args()
    lines, sentences = generate(args.n, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.text:
        text_path = args.out.with_suffix(".txt")
        lines.insert(lines.index("programs:"), f"  text_file: {text_path.name}")
        text_path.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
