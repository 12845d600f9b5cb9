"""The published arithmetic, written once here from docs/methodology.md and never read from
rules/ or schemas/: the oracle the boundary tests compare the packs' verdicts with. A wrong
number in a pack then fails a test instead of moving the oracle with it.

Each value names its section of docs/methodology.md.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# §1.1 ranges
INDICATOR = (0, 4)
ADD_Q = (0, 4)
ADD_A = (0, 4)
PR_SCORE = (-4, 40)
CL_SCORE = (0, 60)
# §1.1, §1.8: Add A exists up to FIW2017
ADD_A_LAST_EDITION = 2017

# §1.2 score -> rating (inclusive ranges); the tables apply from FIW2003, the first edition
# that publishes scores (§6: its methodology states them; every official record of
# FIW2006-2024 follows them, and all but three of FIW2003-2005)
PR_RATING = (
    (36, 40, 1),
    (30, 35, 2),
    (24, 29, 3),
    (18, 23, 4),
    (12, 17, 5),
    (6, 11, 6),
    (-4, 5, 7),
)
CL_RATING = ((53, 60, 1), (44, 52, 2), (35, 43, 3), (26, 34, 4), (17, 25, 5), (8, 16, 6), (0, 7, 7))
SCORE_TABLES_FIRST_EDITION = 2003

# §1.3 status by Freedom Rating (tenths: 10 = 1.0), from FIW2004
STRICT_STATUS_FIRST_EDITION = 2004
FREE, PARTLY, NOT = "Free", "Partly Free", "Not Free"


def fiw_status(freedom_rating_tenths: int) -> str:
    if freedom_rating_tenths <= 25:
        return FREE
    if freedom_rating_tenths <= 50:
        return PARTLY
    return NOT


def fiw_status_published_before_2004(tenths: int) -> set[str]:
    """The thresholds published up to FIW2003: 5.5 in both Partly Free and Not Free."""
    if tenths <= 25:
        return {FREE}
    if tenths <= 50:
        return {PARTLY}
    if tenths == 55:
        return {PARTLY, NOT}
    return {NOT}


def fiw_status_any_rule_before_2004(tenths: int) -> set[str]:
    """What any rule of those editions allowed (§1.3, §5.2: raw points decided at 2.5, 3.0,
    5.0 and 5.5)."""
    extra = {25: {PARTLY}, 30: {FREE}, 50: {NOT}}.get(tenths, set())
    return fiw_status_published_before_2004(tenths) | extra


# §1.3 a total and a status alone (sidebars): Free needs >= 62, Not Free <= 39, PF 24-77
GLOBAL_FREEDOM = {"free": (62, 100), "partly free": (24, 77), "not free": (-4, 39)}

# §2.2, §2.5 NIT
NIT_RATING = (Decimal("1.00"), Decimal("7.00"), Decimal("0.25"))
CAR, SCAR = "Consolidated Authoritarian Regime", "Semi-Consolidated Authoritarian Regime"
SCD, CD = "Semi-Consolidated Democracy", "Consolidated Democracy"


NIT_MODERN = (
    ("2.00", CAR),
    ("3.00", SCAR),
    ("4.00", "Transitional or Hybrid Regime"),
    ("5.00", SCD),
)
NIT_ORIGINAL = (
    ("2.99", CD),
    ("3.99", SCD),
    ("4.99", "Transitional Government or Hybrid Regime"),
    ("5.99", SCAR),
)


def _regime(score: Decimal, bands: tuple[tuple[str, str], ...], last: str) -> str:
    """The first band whose upper bound (inclusive) the two-decimal score does not pass."""
    return next((name for top, name in bands if score <= Decimal(top)), last)


def nit_regime_modern(score: Decimal) -> str:
    return _regime(score, NIT_MODERN, CD)


def nit_regime_original(score: Decimal) -> str:
    return _regime(score, NIT_ORIGINAL, CAR)


# §3 FOTN
FOTN_CATEGORIES = {
    "obstacles_to_access": 25,
    "limits_on_content": 35,
    "violations_of_user_rights": 40,
}
FOTN_INVERSION_EDITION = 2019


def fotn_status(total: int, edition: int) -> str:
    if edition >= FOTN_INVERSION_EDITION:  # 100 = most free
        return NOT if total <= 39 else PARTLY if total <= 69 else FREE
    return FREE if total <= 30 else PARTLY if total <= 60 else NOT  # 0 = most free


INTERNET_FREEDOM = ((0, 39, "not free"), (40, 69, "partly free"), (70, 100, "free"))

# editions each survey published (§1.5, §2.1, §3)
FIW_FIRST_EDITION = 1973
NIT_EDITIONS = (1995, 2024)
FOTN_EDITIONS = frozenset({2009, *range(2011, 2031)})


def fiw_statuses_of_total(total: int) -> set[str]:
    """Every status a FIW total score (PR + CL) allows: the statuses of every split into a PR
    score (-4 to 40) and a CL score (0 to 60), through the rating and status tables above."""
    found = set()
    for pr in range(-4, 41):
        cl = total - pr
        if 0 <= cl <= 60:
            pr_rating = next(r for low, high, r in PR_RATING if low <= pr <= high)
            cl_rating = next(r for low, high, r in CL_RATING if low <= cl <= high)
            found.add(fiw_status(5 * (pr_rating + cl_rating)))
    return found


def nit_means() -> list[tuple[Fraction, str]]:
    """Every mean of six or seven ratings on the 0.25 grid, with the regime of its
    two-decimal Democracy Score (7 = most democratic): 145 and 169 means."""
    found = []
    for count in (6, 7):
        for quarters in range(4 * count, 28 * count + 1):
            mean = Fraction(quarters, 4 * count)
            exact = Decimal(mean.numerator) / Decimal(mean.denominator)
            found.append((mean, nit_regime_modern(exact.quantize(Decimal("0.01"), ROUND_HALF_UP))))
    return found
