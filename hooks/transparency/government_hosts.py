"""Which hosts are government websites, for the alert before leaving for any other (GIGW 5.4.4).

GIGW 3.0 5.4.4 asks for a clear indication when a link leads to a non-government website, and an
alert when it is followed (assets/javascripts/external-links.js asks the reader). A host is a
government one when it is one of the configured domains or a subdomain of one (``gov.in`` covers
``india.gov.in`` and ``www.meity.gov.in``). The domains are ``extra.government_domains`` in
mkdocs.yml. Pure: no MkDocs.
"""

from __future__ import annotations

import re
from typing import Any

DEFAULT_DOMAINS = ("gov.in", "nic.in")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def government_domains(value: Any, where: str) -> list[str]:
    """The configured domains, lower-cased; the defaults when unset. Raises ValueError naming
    ``where`` when the value is not a list of domain names such as ``gov.in``."""
    if value is None:
        return list(DEFAULT_DOMAINS)
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: expected a list of domain names such as [gov.in, nic.in], found {value!r}")
    domains = []
    for item in value:
        domain = str(item).strip().lower() if isinstance(item, str) else ""
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(f"{where}: {item!r} is not a domain name: expected one such as gov.in "
                             "(letters, digits, hyphens and dots; no scheme, path or wildcard)")
        domains.append(domain)
    return list(dict.fromkeys(domains))


def is_government_host(host: str, domains: list[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or inside one (the rule the script applies)."""
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in domains)
