"""How partners reach each other: the partner's name and email, from the platform (ADR 0014).

Nothing here is stored: each read asks the host for the account as it is now, so a name the
learner changes, or the platform's retirement of the account, shows at once.
"""

from __future__ import annotations

from typing import Any

from revmentor_plugin import host, policy
from revmentor_plugin.data import PairData, PartnerContact


def partner_contact(pair: PairData, *, user: Any) -> PartnerContact | None:
    """The other member of ``pair`` as ``user`` may reach them: their full name (the platform's
    profile name, else the username) and their account's email.

    None unless ``user`` is one of the two members of the pair while it is active, that is once
    both have accepted the agreement (``policy.Action.VIEW_PARTNER_CONTACT``), or when the
    partner's account is no longer active.
    """
    role = pair.side_of(getattr(user, "pk", None))
    if role is None or not policy.allows(user, policy.Action.VIEW_PARTNER_CONTACT, pair):
        return None
    partner = pair.person(role.other)
    found = host.name_and_email(partner.user_id)
    if found is None:
        return None
    username, name, email = found
    return PartnerContact(username=username, role=partner.role, name=name, email=email)
