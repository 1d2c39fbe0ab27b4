"""Where webhooks may go: an outbound policy against server-side request forgery.

After OWASP's SSRF guidance and what Stripe and GitHub do for webhooks: the
check is made on every address a host name resolves to, at send time, and the
connection then goes to the checked address (a second lookup could answer
differently: DNS rebinding). Never called: link-local addresses (cloud
metadata lives at 169.254.169.254), unspecified, multicast and reserved
addresses, and cloud metadata host names. Loopback and private addresses are
allowed while the server itself listens on loopback (a developer's laptop,
where the receiver is local too); a server exposed to a team calls them only
when ``--webhook-allow`` lists them (CIDRs or host names).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.internal",
        "metadata.tencentyun.com",
    }
)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class Refused(Exception):
    """The policy forbids this destination; the message says why (it is journaled)."""


def system_resolver(host: str, port: int) -> Sequence[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _address(text: str) -> Address:
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class OutboundPolicy:
    allow_private: bool
    networks: tuple[Network, ...] = ()
    hosts: frozenset[str] = frozenset()
    resolver: Resolver = system_resolver

    @classmethod
    def for_server(
        cls, listen_host: str, allow: Iterable[str], resolver: Resolver = system_resolver
    ) -> OutboundPolicy:
        """Private destinations are allowed by default only when the server listens on loopback."""
        networks: list[Network] = []
        hosts: set[str] = set()
        for entry in allow:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                hosts.add(entry.strip().lower().rstrip("."))
        return cls(_is_loopback_name(listen_host), tuple(networks), frozenset(hosts), resolver)

    def check_url(self, url: str) -> None:
        """At registration: the URL's form, and what can be told without resolving the host."""
        parts = urlsplit(url)
        problem = None
        try:
            parts.port  # noqa: B018 (urllib checks the port's range on reading it)
        except ValueError:
            problem = "has a port out of range"
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problem = "must be an http(s) URL with a host"
        elif parts.username or parts.password:
            problem = "must not carry credentials"
        elif problem is None:
            try:
                self._check_host(parts.hostname)
                if _is_literal(parts.hostname):
                    self._check_address(parts.hostname.lower(), _address(parts.hostname))
            except Refused as refused:
                problem = str(refused)
        if problem is not None:
            raise InvalidInput("the webhook URL is not allowed", problems=(FieldProblem("url", problem),))

    def destination(self, host: str, port: int) -> str:
        """The one address to connect to: every address ``host`` resolves to must be allowed."""
        self._check_host(host)
        try:
            resolved = [host] if _is_literal(host) else list(self.resolver(host, port))
        except OSError as error:
            raise Refused(f"{host} does not resolve ({error})") from None
        if not resolved:
            raise Refused(f"{host} does not resolve")
        for text in resolved:
            self._check_address(host.lower(), _address(text))
        return str(_address(resolved[0]))

    def _check_host(self, host: str) -> None:
        name = host.lower().rstrip(".")
        if name in METADATA_HOSTS:
            raise Refused(f"{host} is a cloud metadata service")

    def _check_address(self, host: str, address: Address) -> None:
        special = address.is_link_local or address.is_unspecified or address.is_multicast
        # ::1 lies in IPv6's reserved ::/8, but it is loopback, judged below with the private ones.
        if special or (address.is_reserved and not address.is_loopback):
            raise Refused(f"{address} is a link-local, unspecified, multicast or reserved address")
        if address.is_global:
            return
        listed = host.rstrip(".") in self.hosts or any(address in network for network in self.networks)
        if not (self.allow_private or listed):
            raise Refused(
                f"{address} is a loopback or private address; list it with --webhook-allow "
                "(BOOKING_SANDBOX_WEBHOOK_ALLOW) to call it"
            )


def _is_literal(host: str) -> bool:
    try:
        _address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _is_loopback_name(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return _address(host.strip("[]")).is_loopback
    except ValueError:
        return False
