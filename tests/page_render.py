"""Report pages written from a document, one function per layout: the test side of the page
reader. Each writes the labels and line structure of its layout (as the bundled pages in
fixtures/pages/ have them, placeholder prose) and returns the text with the line and column
of every figure it wrote, so that reading the text back can be compared with the document
and a corrupted figure looked for where it stands. Written from the layouts as published,
not from the reader's patterns."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from validator.locations import data_dir

Positions = dict[str, tuple[int, int]]


@cache
def _schema(survey: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (data_dir("schemas") / f"{survey}.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def titles(survey: str, group: str) -> dict[str, str]:
    """Key -> the title a page prints (ratings, categories)."""
    node = _schema(survey)["properties"][group]["properties"]
    return {key: sub["title"] for key, sub in node.items()}


class Writer:
    """Lines written so far, and where each figure stands."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.positions: Positions = {}
        self.prose = 0

    def line(self, text: str = "", **figures: tuple[str, Any]) -> None:
        """A line; `figures`: name -> (pointer, value) for `{name}` fields of `text`, whose
        columns are recorded (each value written as the page prints it)."""
        written = text
        columns: dict[str, int] = {}
        for name, (_, value) in figures.items():
            field = "{" + name + "}"
            columns[name] = written.index(field) + 1
            written = written.replace(field, str(value), 1)
            # later fields move by the difference
            shift = len(str(value)) - len(field)
            for other in columns:
                if other != name and columns[other] > columns[name]:
                    columns[other] += shift
        self.lines.append(written)
        for name, (at, _) in figures.items():
            self.positions[at] = (len(self.lines), columns[name])

    def placeholder(self) -> None:
        self.prose += 1
        self.line(f"Placeholder paragraph {self.prose}: prose of the original page left out.")
        self.line()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _last_year(w: Writer, last: dict[str, Any], base: str, site: bool) -> None:
    """ "Last Year's Score & Status" then "23 100 Not Free" (the site), or in capitals then
    "23 / 100 Not Free" (a mirror)."""
    w.line("Last Year's Score & Status" if site else "LAST YEAR'S SCORE & STATUS")
    w.line(
        "{t} 100 {s}" if site else "{t} / 100 {s}",
        t=(f"{base}/last_year/total_score", last["total_score"]),
        s=(f"{base}/last_year/status", last["status"]),
    )


def _mirror_top(survey: str, doc: dict[str, Any]) -> Writer:
    """A mirror's title, then the status in capitals over the total and "/ 100"."""
    w = Writer()
    w.line(f"{survey} {doc['edition']} - {doc['country']}")
    w.line()
    w.line("{s}", s=("/status", doc["status"].upper()))
    w.line("{t}", t=("/total_score", doc["total_score"]))
    w.line("/ 100")
    return w


def _two(value: Decimal | int) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# -- NIT ------------------------------------------------------------------------------------


def nit_site(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    # the site's title line (Kosovo's NIT 2019 page opens with it): it settles the edition,
    # which "Score changes in 2023" alone does not (the year covered from NIT2023 on)
    w.line("Nations in Transit {e}", e=("/edition", doc["edition"]))
    w.line()
    w.line("{s}", s=("/status", doc["status"]))
    w.line(
        "DEMOCRACY-PERCENTAGE Democracy Percentage {p} 100",
        p=("/democracy_percentage", doc["democracy_percentage"]),
    )
    w.line("DEMOCRACY-SCORE Democracy Score {d} 7", d=("/democracy_score", doc["democracy_score"]))
    last = doc.get("last_year")
    if last:
        w.line("Last Year's Democracy Percentage & Status")
        w.line(
            "{p} 100 {s}",
            p=("/last_year/democracy_percentage", last["democracy_percentage"]),
            s=("/last_year/status", last["status"]),
        )
    w.line(
        "Placeholder note on the scale: 7 representing the highest level of democratic progress."
    )
    w.line()
    names = titles("nit", "ratings")
    if "changes" in doc:
        w.line(f"header1 Score changes in {doc['edition']}")
        w.positions["/changes"] = (len(w.lines), 1)
        w.line()
        for i, change in enumerate(doc["changes"]):
            at = f"/changes/{i}"
            w.line(
                "  • {c} rating {d} from {f} to {t} due to placeholder reasons.",
                c=(f"{at}/category", names[change["category"]]),
                d=(f"{at}/direction", change["direction"]),
                f=(f"{at}/from", change["from"]),
                t=(f"{at}/to", change["to"]),
            )
            w.positions[at] = w.positions[f"{at}/category"]
        if last and doc["changes"] and last["democracy_score"] != doc["democracy_score"]:
            word = "improved" if doc["democracy_score"] > last["democracy_score"] else "declined"
            base = "/democracy_score_change"
            w.line(
                "  • As a result, the country’s Democracy Score {d} from {f} to {t}.",
                d=(f"{base}/direction", word),
                f=(f"{base}/from", last["democracy_score"]),
                t=(f"{base}/to", doc["democracy_score"]),
            )
            w.positions["/last_year/democracy_score"] = w.positions[f"{base}/from"]
        w.line()
    w.line("header2 Executive Summary")
    w.line()
    w.placeholder()
    for key, title in names.items():
        w.line(f"{title} 1.00-7.00 pts0-7 pts")
        w.line("Placeholder description. {r}1 7.007", r=(f"/ratings/{key}", doc["ratings"][key]))
        w.placeholder()
    w.line(f"On {doc['country']}")
    return w.text(), w.positions


# -- FIW ------------------------------------------------------------------------------------


def _fiw_indicators_site(w: Writer, doc: dict[str, Any]) -> None:
    for code, value in doc["indicators"].items():
        w.line(f"{code} 1.00-4.00 pts0-4 pts")
        w.line("Placeholder description. {v}0 4.004", v=(f"/indicators/{code}", _two(value)))
        w.placeholder()


def fiw_site(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line("{s}", s=("/status", doc["status"]))
    w.line(
        "PR Political Rights {v} 40", v=("/political_rights_score", doc["political_rights_score"])
    )
    w.line("CL Civil Liberties {v} 60", v=("/civil_liberties_score", doc["civil_liberties_score"]))
    _last_year(w, doc["last_year"], "", site=True)
    w.placeholder()
    w.line(f"header2 Key Developments in {doc['edition'] - 1}")
    w.line()
    _fiw_indicators_site(w, doc)
    w.line(f"On {doc['country']}")
    return w.text(), w.positions


def fiw_mirror(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = _mirror_top("Freedom in the World", doc)
    w.line(
        "Political Rights {v} / 40", v=("/political_rights_score", doc["political_rights_score"])
    )
    w.line("Civil Liberties {v} / 60", v=("/civil_liberties_score", doc["civil_liberties_score"]))
    _last_year(w, doc["last_year"], "", site=False)
    w.placeholder()
    for code, value in doc["indicators"].items():
        w.line(f"{code} 0-4 pts")
        w.line(f"Placeholder question {code}? " + "{v} / 4", v=(f"/indicators/{code}", value))
        w.placeholder()
    return w.text(), w.positions


_SCALE = "(1 = Most Free, 7 = Least Free)"


def fiw_2017(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line(f"Freedom in the World {doc['edition']} - {doc['country']}")
    w.line()
    w.line("Freedom Status: {s}", s=("/status", doc["status"]))
    w.line(
        "Aggregate Score: {t} (0 = Least Free, 100 = Most Free)",
        t=("/total_score", doc["total_score"]),
    )
    w.line(f"Freedom Rating: {{r}} {_SCALE}", r=("/freedom_rating", doc["freedom_rating"]))
    w.line(
        f"Political Rights: {{r}} {_SCALE}",
        r=("/political_rights_rating", doc["political_rights_rating"]),
    )
    w.line(
        f"Civil Liberties: {{r}} {_SCALE}",
        r=("/civil_liberties_rating", doc["civil_liberties_rating"]),
    )
    w.line()
    w.placeholder()
    for code, value in doc["indicators"].items():
        w.line(
            f"{code}. Placeholder question {code}? " + "{v} / 4", v=(f"/indicators/{code}", value)
        )
        w.line()
        w.placeholder()
    return w.text(), w.positions


_SUBCATEGORIES = {
    "A": ("Electoral Process", 12),
    "B": ("Political Pluralism and Participation", 16),
    "C": ("Functioning of Government", 12),
    "D": ("Freedom of Expression and Belief", 16),
    "E": ("Associational and Organizational Rights", 12),
    "F": ("Rule of Law", 16),
    "G": ("Personal Autonomy and Individual Rights", 16),
}


def fiw_2013(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line(f"Freedom in the World {doc['edition']} - {doc['country']}")
    w.line()
    w.line(f"{doc['edition']} Scores")
    w.line()
    w.line("Status: {s}", s=("/status", doc["status"]))
    w.line(
        "Freedom Rating (1 = best, 7 = worst): {r}", r=("/freedom_rating", doc["freedom_rating"])
    )
    w.line(
        "Civil Liberties (1 = best, 7 = worst): {r}",
        r=("/civil_liberties_rating", doc["civil_liberties_rating"]),
    )
    w.line(
        "Political Rights (1 = best, 7 = worst): {r}",
        r=("/political_rights_rating", doc["political_rights_rating"]),
    )
    w.line()
    w.placeholder()
    for letters, label, at in (
        ("ABC", "Political Rights: {v} / 40", "/political_rights_score"),
        ("DEFG", "Civil Liberties: {v} / 60", "/civil_liberties_score"),
    ):
        w.line(label, v=(at, doc[at[1:]]))
        w.line()
        for letter in letters:
            title, most = _SUBCATEGORIES[letter]
            w.line(
                f"{letter}. {title}: " + "{v}" + f" / {most}",
                v=(f"/subcategories/{letter}", doc["subcategories"][letter]),
            )
            w.line()
            w.placeholder()
    return w.text(), w.positions


# -- FOTN -----------------------------------------------------------------------------------

_MAXIMA = {"obstacles_to_access": 25, "limits_on_content": 35, "violations_of_user_rights": 40}


def fotn_site(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line("{s}", s=("/status", doc["status"]))
    w.line("{t}", t=("/total_score", doc["total_score"]))
    w.line("100")
    for letter, (key, title) in zip("ABC", titles("fotn", "categories").items(), strict=True):
        w.line(
            f"{letter} {title} " + "{v}" + f" {_MAXIMA[key]}",
            v=(f"/categories/{key}", doc["categories"][key]),
        )
    _last_year(w, doc["last_year"], "", site=True)
    w.line("Scores are based on a scale of 0 (least free) to 100 (most free).")
    w.line()
    w.line(f"header2 Key Developments, June 1, {doc['edition'] - 1} - May 31, {doc['edition']}")
    w.placeholder()
    w.line(f"On {doc['country']}")
    return w.text(), w.positions


def fotn_mirror(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = _mirror_top("Freedom on the Net", doc)
    for key, title in titles("fotn", "categories").items():
        w.line(
            f"{title} " + "{v}" + f" / {_MAXIMA[key]}",
            v=(f"/categories/{key}", doc["categories"][key]),
        )
    _last_year(w, doc["last_year"], "", site=False)
    w.placeholder()
    return w.text(), w.positions


def fotn_2015(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line("Freedom on the Net")
    w.line()
    w.line(doc["country"])
    w.line()
    w.line(f"Freedom on the Net {doc['edition']}")
    w.line("Status: ")
    w.line("{s}", s=("/status", doc["status"]))
    w.line("Total Score: ")
    w.line("{t}", t=("/total_score", doc["total_score"]))
    w.line("(0 = Best, 100 = Worst)")
    for key, title in titles("fotn", "categories").items():
        w.line(f"{title}: ")
        w.line("{v}", v=(f"/categories/{key}", doc["categories"][key]))
        w.line(f"(0 = Best, {_MAXIMA[key]} = Worst)")
    w.line()
    w.line("Population: 17.3 million")
    w.placeholder()
    return w.text(), w.positions


def fotn_2011(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line("Freedom on the Net")
    w.line()
    w.line(doc["country"])
    w.line()
    w.line(f"Freedom on the Net {doc['edition']}")
    w.line()
    if "last_year" in doc:
        w.line(
            f"  • {doc['edition'] - 1} Freedom On the Net Total (0 = Best, 100 = Worst) " + "{t}",
            t=("/last_year/total_score", doc["last_year"]["total_score"]),
        )
    w.line(f"{doc['edition']} Scores")
    w.line()
    w.line("Freedom on the Net Status")
    w.line()
    w.line("{s}", s=("/status", doc["status"]))
    w.line()
    w.line("Freedom on the Net Total")
    w.line("(0 = best, 100 = worst)")
    w.line()
    w.line("{t}", t=("/total_score", doc["total_score"]))
    w.line("(0 = Best, 100 = Worst)")
    for key, title in titles("fotn", "categories").items():
        w.line()
        w.line(title)
        w.line(f"(0 = best, {_MAXIMA[key]} = worst)")
        w.line()
        w.line("{v}", v=(f"/categories/{key}", doc["categories"][key]))
        w.line(f"(0 = Best, {_MAXIMA[key]} = Worst)")
    w.line("Introduction: ")
    w.line()
    w.placeholder()
    return w.text(), w.positions


# -- the country hub ------------------------------------------------------------------------


def country_hub(doc: dict[str, Any]) -> tuple[str, Positions]:
    w = Writer()
    w.line("{c}", c=("/country", doc["country"]))
    w.line()
    w.line("Freedom at a Glance")
    glance = doc["glance"]
    for label, key in (
        ("Global Freedom", "global_freedom"),
        ("Internet Freedom", "internet_freedom"),
        ("Nations in Transit", "nations_in_transit"),
    ):
        w.line(label)
        w.line("{v} / 100", v=(f"/glance/{key}/score", glance[key]["score"]))
        w.line("{s}", s=(f"/glance/{key}/status", glance[key]["status"]))
    # the FIW block right below the glance block (the site puts a paragraph between, which a
    # copy may lose): the glance's own status lines must not be taken for the block's
    w.line()
    fiw = doc["global_freedom"]
    w.line("{s}", s=("/global_freedom/status", fiw["status"]))
    w.line("{t}", t=("/global_freedom/total_score", fiw["total_score"]))
    w.line("100")
    w.line(
        "PR Political Rights {v} 40",
        v=("/global_freedom/political_rights_score", fiw["political_rights_score"]),
    )
    w.line(
        "CL Civil Liberties {v} 60",
        v=("/global_freedom/civil_liberties_score", fiw["civil_liberties_score"]),
    )
    _last_year(w, fiw["last_year"], "/global_freedom", site=True)
    w.placeholder()
    fotn = doc["internet_freedom"]
    w.line("{s}", s=("/internet_freedom/status", fotn["status"]))
    w.line("{t}", t=("/internet_freedom/total_score", fotn["total_score"]))
    w.line("100")
    for letter, (key, title) in zip("ABC", titles("fotn", "categories").items(), strict=True):
        w.line(
            f"{letter} {title} " + "{v}" + f" {_MAXIMA[key]}",
            v=(f"/internet_freedom/categories/{key}", fotn["categories"][key]),
        )
    _last_year(w, fotn["last_year"], "/internet_freedom", site=True)
    w.placeholder()
    return w.text(), w.positions


RENDERERS: dict[str, Callable[[dict[str, Any]], tuple[str, Positions]]] = {
    "nit-site": nit_site,
    "fiw-site": fiw_site,
    "fiw-mirror": fiw_mirror,
    "fiw-2017-2019": fiw_2017,
    "fiw-2013-2016": fiw_2013,
    "fotn-site": fotn_site,
    "fotn-mirror": fotn_mirror,
    "fotn-2015-2018": fotn_2015,
    "fotn-2011-2014": fotn_2011,
    "country-hub": country_hub,
}
