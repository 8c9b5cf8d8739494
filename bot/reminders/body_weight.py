"""A water goal from body weight: a typed weight read ("70 kg", «70 кг», "154 lb", "11 st 2")
and the goal the usual rule of thumb gives for it. Pure; the weight is never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.reminders.model import WATER_GOALS

ML_PER_KG = 30  # a day, from all drinks: the common rule of thumb for healthy adults
GLASS_ML = 250
# Body weights the rule is meant for (adults); anything else is a typo or not a weight.
LIGHTEST_KG = 30
HEAVIEST_KG = 300
# Below this, a child or someone very underweight: the rule is not offered (a doctor is).
ADULT_MIN_KG = 40
# Numbers that are not a weight: a height, an age, a duration, grams ("180 cm", «30 лет»).
_NOT_WEIGHT = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:cm|см|mm|мм|m|м|metres?|meters?|ft|feet|foot|in|inch(?:es)?|['′\"″]"
    r"|years?|yrs?|y/?o|лет|год[аы]?|days?|дн(?:ей|я)|weeks?|недел\w*|months?|месяц\w*"
    r"|hours?|час\w*|min\w*|мин\w*|g|gr|grams?|г|гр|грамм\w*)(?!\w)",
    re.IGNORECASE,
)


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"
    ST = "st"


KG_PER = {Unit.KG: 1.0, Unit.LB: 0.45359237, Unit.ST: 6.35029318}


_UNITS = (
    (Unit.KG, r"kg|kgs|kilos?|kilograms?|кг|кило|килограмм\w*|кило\w*"),
    (Unit.LB, r"lbs?|pounds?|фунт\w*"),
    (Unit.ST, r"st|stones?|стоун\w*"),
)
# A number (a decimal comma too), a minus right before it (not a dash after another number,
# as in "70-75"), and a unit right after it.
_AMOUNT = re.compile(
    r"(?:(?<![\d.,])(?<![\d.,]\s)(?P<sign>[-−–])\s*)?(?<![\d.,])(?P<number>\d{1,4}(?:[.,]\d{1,2})?)(?![\d.,]*\d)\s*"
    r"(?P<unit>" + "|".join(f"(?P<{unit.value}>{words})" for unit, words in _UNITS) + r")?\b",
    re.IGNORECASE,
)


# A range ("70-75 kg", "70 to 75"): its middle is the weight, the same whichever way typed.
_RANGE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,]\d)?)\s*(?:-|–|—|to|до)\s*(\d{1,3}(?:[.,]\d)?)(?![\d.,]*\d)",
    re.IGNORECASE,
)


def _middle(match: re.Match[str]) -> str:
    low, high = (float(match.group(n).replace(",", ".")) for n in (1, 2))
    return f"{(low + high) / 2:g}"


@dataclass(frozen=True, slots=True)
class Weight:
    """A typed weight in kilograms, and the unit it was typed in (kilograms if none)."""

    kg: float
    unit: Unit
    stated: bool = True  # a unit was typed ("70 kg"), not assumed ("70")

    @property
    def plausible(self) -> bool:
        """An adult's body weight; "700 kg" or "-3" is not."""
        return LIGHTEST_KG <= self.kg <= HEAVIEST_KG


def _unit(match: re.Match[str]) -> Unit | None:
    return next((unit for unit in Unit if match.group(unit.value)), None)


def parse_weight(text: str) -> Weight | None:
    """The weight in a typed answer, or None if there is none to read (no number, several
    numbers with nothing to tell which is the weight). Stones may be followed by pounds
    ("11 st 2", "11 st 2 lb"). A negative or absurd number is read: see `plausible`."""
    text = _RANGE.sub(_middle, _NOT_WEIGHT.sub(" ", text))
    amounts = list(_AMOUNT.finditer(text))
    if not amounts:
        return None
    first = amounts[0]
    if _unit(first) is Unit.ST and len(amounts) == 2 and _unit(amounts[1]) in (None, Unit.LB):
        stones, pounds = (_number(match) for match in amounts)
        return Weight(stones * KG_PER[Unit.ST] + pounds * KG_PER[Unit.LB], Unit.ST)
    with_unit = [match for match in amounts if _unit(match) is not None]
    if len(amounts) > 1 and len(with_unit) != 1:
        return None
    match = with_unit[0] if with_unit else first
    unit = _unit(match)
    return Weight(_number(match) * KG_PER[unit or Unit.KG], unit or Unit.KG, unit is not None)


def _number(match: re.Match[str]) -> float:
    value = float(match.group("number").replace(",", "."))
    return -value if match.group("sign") else value


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the rule gives for a weight: millilitres a day, those in glasses of 250 ml, and
    the goal on offer nearest to them."""

    ml: int
    rule_glasses: int
    glasses: int

    @property
    def limited(self) -> bool:
        """The rule's glasses lie outside the goals on offer."""
        return self.glasses != self.rule_glasses


def round_half_up(value: float) -> int:
    return int(value + 0.5)


def suggested_goal(kg: float) -> Suggestion:
    ml = round_half_up(kg * ML_PER_KG)
    glasses = round_half_up(ml / GLASS_ML)
    return Suggestion(ml, glasses, min(max(glasses, WATER_GOALS[0]), WATER_GOALS[-1]))
