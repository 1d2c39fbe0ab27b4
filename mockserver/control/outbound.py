"""Where webhooks may go: an outbound policy against server-side request forgery.

After OWASP's SSRF guidance and what Stripe and GitHub do for webhooks: the
check is made on every address a host name resolves to, at send time, and the
connection then goes to the checked address (a second lookup could answer
differently: DNS rebinding). A host is first read in its one canonical form
(``hosts.py``: any spelling of an address is that address). Never called:
link-local addresses (cloud metadata lives at 169.254.169.254), the other
clouds' metadata addresses, unspecified, multicast and reserved addresses, and
cloud metadata host names. Loopback and private addresses (the shared
100.64.0.0/10 among them) are allowed while the server itself listens on
loopback (a developer's laptop, where the receiver is local too); a server
exposed to a team calls them only when ``--webhook-allow`` lists them (CIDRs
or host names).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

from .hosts import BadHost, canonical, carried

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
# Metadata services outside 169.254.0.0/16: AWS's IPv6 one, Alibaba Cloud's, Azure's wire server.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200", "168.63.129.16")
)
LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


class Refused(Exception):
    """The policy forbids this destination; the message says why (it is journaled)."""


def system_resolver(host: str, port: int) -> Sequence[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _address(text: str) -> Address:
    """An address the resolver answered, judged as the IPv4 address it may carry."""
    return carried(ipaddress.ip_address(text.split("%", 1)[0]))


def _read(host: str) -> Address | str:
    """The host's canonical form; a loopback name is the loopback address."""
    try:
        found = canonical(host)
    except BadHost as bad:
        raise Refused(str(bad)) from None
    if isinstance(found, str) and (found in LOOPBACK_NAMES or found.endswith(".localhost")):
        return LOOPBACK
    return found


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
                try:
                    hosts.add(str(_read(entry)))  # the canonical name, as a destination is read
                except Refused:
                    hosts.add(entry.strip().lower().rstrip("."))
        return cls(_is_loopback_name(listen_host), tuple(networks), frozenset(hosts), resolver)

    def check_url(self, url: str) -> None:
        """At registration: the URL's form, and what can be told without resolving the host."""
        problem = self._url_problem(url)
        if problem is not None:
            raise InvalidInput("the webhook URL is not allowed", problems=(FieldProblem("url", problem),))

    def _url_problem(self, url: str) -> str | None:
        try:
            parts = urlsplit(url)
        except ValueError as error:  # an unclosed "[" of an IPv6 host: urllib raises (it was a 500)
            return f"cannot be read as a URL ({error})"
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "must be an http(s) URL with a host"
        if parts.username or parts.password:
            return "must not carry credentials"
        try:
            parts.port  # noqa: B018 (urllib checks the port's range on reading it)
        except ValueError:
            return "has a port out of range"
        try:
            host = _read(parts.hostname)
            if isinstance(host, str):
                self._check_host(host)
            else:
                self._check_address(parts.hostname.lower(), host)
        except Refused as refused:
            return str(refused)
        return None

    def destination(self, host: str, port: int) -> str:
        """The one address to connect to: every address ``host`` resolves to must be allowed."""
        read = _read(host)
        if not isinstance(read, str):
            self._check_address(host.lower(), read)
            return str(read)
        self._check_host(read)
        try:
            resolved = list(self.resolver(read, port))
        except OSError as error:
            raise Refused(f"{host} does not resolve ({error})") from None
        if not resolved:
            raise Refused(f"{host} does not resolve")
        for text in resolved:
            self._check_address(read, _address(text))
        return str(_address(resolved[0]))

    def _check_host(self, host: str) -> None:
        name = host.lower().rstrip(".")
        if name in METADATA_HOSTS:
            raise Refused(f"{host} is a cloud metadata service")

    def _check_address(self, host: str, address: Address) -> None:
        if address in METADATA_ADDRESSES:
            raise Refused(f"{address} is a cloud metadata service")
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


def _is_loopback_name(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return _address(host.strip("[]")).is_loopback
    except ValueError:
        return False
