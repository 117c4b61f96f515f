"""Professional groups (yrkesgrupper) and their competence order."""

from __future__ import annotations

from pydantic import Field

from .base import DomainModel, Identifier, Name


class ProfessionalGroup(DomainModel):
    """A professional group.

    ``rank`` places the group in the competence order of the seed-004 form: 1 is the most
    competent (leftmost column). A group may take the tasks of every group ranked below it,
    never the reverse. Support groups outside the order (porter, cleaning, pharmacy) have
    ``rank: null`` and take only the tasks that name them.
    """

    id: Identifier
    name: Name
    rank: int | None = Field(default=None, ge=1, le=99)
    support: bool = False
    description: str = ""
    shift_types: list[Identifier] = Field(
        default_factory=list, description="Shift types the group may work (empty: all)"
    )

    def outranks_or_equals(self, other: ProfessionalGroup) -> bool:
        """True when this group may do the work of ``other`` by the competence order."""
        if self.id == other.id:
            return True
        if self.rank is None or other.rank is None:
            return False
        return self.rank < other.rank
