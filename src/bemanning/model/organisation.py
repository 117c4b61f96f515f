"""Where a unit sits: region → trust → clinic → unit."""

from __future__ import annotations

from .base import DomainModel, Name


class Organisation(DomainModel):
    region: Name = "Helse Demo RHF"
    trust: Name = "Demo HF"
    clinic: Name = "Medisinsk klinikk"
