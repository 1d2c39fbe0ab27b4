"""One canonical form of a webhook's host, read before any check, at registration and at send.

A host is judged as the resolver and the connection will meet it, not as it was spelled:
- names go through UTS-46 (``idna``: width, case, the ideographic full stop, then NFKC), and
  a label mixing scripts with look-alike letters (a Cyrillic a, U+0430, in ``metadata``) is refused;
- every IPv4 spelling the C resolver accepts (``2852039166``, ``0xa9fea9fe``, octal
  ``0251.0376.0251.0376``, short ``127.1``, ``0``) is read with ``inet_aton`` itself;
- an IPv6 address that carries an IPv4 one (mapped, 6to4, NAT64 ``64:ff9b::/96``, Teredo) is
  judged as that IPv4 address.
"""

from __future__ import annotations

import ipaddress
import re
import socket

import idna

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# What inet_aton reads as a number: digits, hex digits after 0x, and dots. It stops at a space
# and ignores the rest, so anything else is never handed to it.
_NUMERIC = re.compile(r"[0-9a-fx.]+")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# An ASCII label as resolvers take it: letters, digits and hyphens, and the underscore that
# service names (SRV, a compose file's) carry.
_ASCII_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


class BadHost(ValueError):
    """The host is no name or address a resolver would take, or it disguises one."""


def canonical(host: str) -> Address | str:
    """The address a literal host means, or the ASCII name a resolver will be asked for."""
    bare = host.strip()
    if bare.startswith("[") and bare.endswith("]"):
        return _ipv6(bare[1:-1])
    if ":" in bare:
        return _ipv6(bare)
    try:
        mapped = idna.uts46_remap(bare, std3_rules=False, transitional=False).rstrip(".")
    except idna.IDNAError as error:
        raise BadHost(f"{host!r} is not a host name ({error})") from None
    if not mapped:
        raise BadHost(f"{host!r} is not a host name")
    if _NUMERIC.fullmatch(mapped):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(mapped))
        except OSError:
            pass  # a name of hex letters ("cafe.bad"), or no address
    return ".".join(_label(label, host) for label in mapped.split("."))


def _label(label: str, host: str) -> str:
    """One label in ASCII. An ASCII one stays as UTS-46 mapped it (a service name may hold an
    underscore, which IDNA refuses); another is checked for disguise and encoded."""
    try:
        unicode = idna.ulabel(label) if label.startswith("xn--") else label
        if not unicode.isascii() and _looks_alike(unicode):
            raise BadHost(f"{host!r} mixes scripts with look-alike letters ({unicode!r})")
        if not label.isascii():
            return str(idna.alabel(label).decode("ascii"))
    except (idna.IDNAError, UnicodeError) as error:
        raise BadHost(f"{host!r} is not a host name ({error})") from None
    if not _ASCII_LABEL.fullmatch(label):
        raise BadHost(f"{host!r} is not a host name (label {label!r})")
    return label


def carried(address: Address) -> Address:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64, Teredo's client), else itself."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _ipv6(text: str) -> Address:
    try:
        return carried(ipaddress.IPv6Address(text.split("%", 1)[0]))
    except ValueError:
        raise BadHost(f"{text!r} is not an IPv6 address") from None


def _looks_alike(label: str) -> bool:
    """Whether ``label`` mixes scripts with look-alike letters. Imported on the first label
    that is not ASCII: the confusables table is 17 MB a process, which the ASCII hosts almost
    every webhook has never need (letters of one script cannot be mixed)."""
    from confusable_homoglyphs import confusables  # noqa: PLC0415

    return bool(confusables.is_dangerous(label))
