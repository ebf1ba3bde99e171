"""Who keeps in touch with an enterprise (联系包挂), as the chain module shows it.

Contact links live in the duty chain (duties.ContactLink), an app above chains in the layering
(docs/architecture.md): chains never imports it. That app registers a provider at start-up
(`register_contact_provider`, from its AppConfig.ready); the enterprise file and the enterprise
workbook ask it for the current contact deputies. Without one (chains installed alone) nobody is
shown. The deputy's page (deputies app) asks the same provider for a deputy's enterprises.
"""

from __future__ import annotations

from collections.abc import Iterable


class ContactProvider:
    """What the duty chain offers: current contact deputies per enterprise, and a deputy's
    current enterprises. Subclass and register."""

    def deputies_of(self, enterprise_ids: Iterable[int]) -> dict[int, list]:
        raise NotImplementedError

    def enterprises_of(self, deputy) -> list:
        raise NotImplementedError


_providers: list[ContactProvider] = []


def register_contact_provider(provider: ContactProvider) -> None:
    if not any(type(p) is type(provider) for p in _providers):
        _providers.append(provider)


def contact_deputies(enterprise_ids: Iterable[int]) -> dict[int, list]:
    """{enterprise id: [Deputy, …]} of the current contact deputies (one query per provider)."""
    ids = list(enterprise_ids)
    found: dict[int, list] = {pk: [] for pk in ids}
    for provider in _providers:
        for pk, deputies in provider.deputies_of(ids).items():
            found.setdefault(pk, []).extend(deputies)
    return found


def contact_enterprises(deputy) -> list:
    """The enterprises `deputy` currently keeps in touch with, by name."""
    return [e for provider in _providers for e in provider.enterprises_of(deputy)]
