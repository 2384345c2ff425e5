"""What the walk up a trigger's path collects (`Findings`), and the negation it resolves to.

Used by modality.classify; see its docstring for the decisions."""
from __future__ import annotations

from dataclasses import dataclass, field

# Classes that take a negation below them into their scope (see negation_of).
OUTSCOPING = {"conditional", "requested", "proposed", "possible", "intended"}


@dataclass
class Findings:
    """Cues met on the path, in the order met (nearest first), each with the level of the path node
    it sits on (0: the trigger; a governor's own class counts on the governor's level)."""

    classes: list[tuple[str, str, float]] = field(default_factory=list)  # (modality, cue, level)
    negations: dict[int, tuple[str, float]] = field(default_factory=dict)  # token index -> (cue, level)
    negation_closed: bool = False   # the path has left a presupposed event noun: no more negations
    condition: str | None = None
    level: int = 0
    shielded: set[int] = field(default_factory=set)   # "no" determiners that do not reach the trigger
    clauses: list[int] = field(default_factory=list)  # levels of the finite clauses' governors
    verbal: bool = True   # the trigger is a verb (a purpose is its act's, not its object's)

    def add(self, cls: str, cue: str, above: float = 0) -> None:
        self.classes.append((cls, cue, self.level + above))

    def negate(self, i: int, cue: str, above: float = 0) -> None:
        if not self.negation_closed:
            self.negations[i] = (cue, self.level + above)


def negation_of(found: Findings) -> tuple[str | None, bool]:
    """The cue of an odd number of negations on the path (None if even), and whether a non-factual
    cue above the last of them takes it into its scope: "asked X not to veto" asks for a non-act
    (requested), "plans to refuse to attend" plans one (intended). A finite clause between them
    keeps the negation its own ("hopes they do not come"), except for a condition, whose marker is
    its clause's boundary ("if X does not pay")."""
    if len(found.negations) % 2 == 0:
        return None, False
    top = max(level for _, level in found.negations.values())

    def outscopes(cls: str, level: float) -> bool:
        sealed = any(top < b <= level for b in found.clauses)
        return level > top and (cls == "conditional" or cls in OUTSCOPING and not sealed)
    return next(iter(found.negations.values()))[0], any(outscopes(c, lv) for c, _, lv in found.classes)
