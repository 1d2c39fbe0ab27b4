"""Every spelling of an address is that address: a corpus of webhook hosts that name a metadata
service, loopback, a private network or nothing, each refused at registration and at send as
the address it means (hosts.canonical), and names that are only names still taken."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator, Sequence

import pytest

from mockserver.control.hosts import BadHost, canonical
from mockserver.control.outbound import OutboundPolicy, Refused
from mockserver.domain.kernel.errors import InvalidInput


def wide(text: str) -> str:
    """``text`` in full-width forms (U+FF01 on), as a pasted Japanese or Chinese address may be."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


TARGETS = ("169.254.169.254", "100.100.100.200", "127.0.0.1", "10.0.0.1", "192.168.1.1", "0.0.0.0")
METADATA = {"169.254.169.254", "100.100.100.200"}


def _ipv4_spellings(text: str) -> Iterator[tuple[str, str]]:
    """(how, spelling) of one IPv4 address, each a form the C resolver reads as it."""
    a = ipaddress.IPv4Address(text)
    octets, number = list(a.packed), int(a)
    yield "dotted", text
    yield "one decimal", str(number)
    yield "one hex", hex(number)
    yield "one HEX", "0X" + format(number, "X")
    yield "one octal", "0" + format(number, "o")
    yield "dotted hex", ".".join(hex(o) for o in octets)
    yield "dotted octal", ".".join("0" + format(o, "o") for o in octets)
    yield "hex first", ".".join([hex(octets[0]), *map(str, octets[1:])])
    yield "three parts", f"{octets[0]}.{octets[1]}.{octets[2] * 256 + octets[3]}"
    yield "two parts", f"{octets[0]}.{number & 0xFFFFFF}"
    yield "full width", wide(text)
    yield "ideographic stops", text.replace(".", "\u3002")
    yield "trailing dot", text + "."
    yield "mapped", f"[::ffff:{text}]"
    yield "mapped hex", f"[::ffff:{octets[0] * 256 + octets[1]:x}:{octets[2] * 256 + octets[3]:x}]"
    yield "6to4", f"[2002:{octets[0] * 256 + octets[1]:x}:{octets[2] * 256 + octets[3]:x}::1]"
    yield "NAT64", f"[64:ff9b::{octets[0] * 256 + octets[1]:x}:{octets[2] * 256 + octets[3]:x}]"
    teredo = number ^ 0xFFFFFFFF
    yield "Teredo", f"[2001:0:4136:e378:8000:63bf:{teredo >> 16:x}:{teredo & 0xFFFF:x}]"


CORPUS = [(target, how, spelling) for target in TARGETS for how, spelling in _ipv4_spellings(target)]
LOOK_ALIKES = [
    wide("metadata") + ".google.internal",
    "metadata\u3002google\u3002internal",  # ideographic full stops
    "METADATA.GOOGLE.INTERNAL.",
    "met\u0430data.google.internal",  # a Cyrillic a
    "xn--metdata-4fg.google.internal",  # the same, as IDNA writes it
    "metadata.goog",
    wide("metadata"),
]
LOOPBACK_NAMES = [
    "localhost",
    "LOCALHOST.",
    wide("localhost"),
    "hooks.localhost",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
]


def _resolver(host: str, port: int) -> Sequence[str]:
    raise AssertionError(f"a literal address ({host}) was sent to the resolver")


EXPOSED = OutboundPolicy.for_server("0.0.0.0", [], _resolver)
LAPTOP = OutboundPolicy.for_server("127.0.0.1", [], _resolver)


def test_the_corpus_holds_a_hundred_spellings() -> None:
    assert len(CORPUS) + len(LOOK_ALIKES) + len(LOOPBACK_NAMES) >= 100


@pytest.mark.parametrize(("target", "how", "spelling"), CORPUS, ids=[f"{t} {h}" for t, h, _ in CORPUS])
def test_every_spelling_is_read_as_the_address_it_means(target: str, how: str, spelling: str) -> None:
    assert canonical(spelling) == ipaddress.IPv4Address(target), how


@pytest.mark.parametrize(("target", "how", "spelling"), CORPUS, ids=[f"{t} {h}" for t, h, _ in CORPUS])
def test_a_server_exposed_to_a_team_calls_none_of_them(target: str, how: str, spelling: str) -> None:
    refused(EXPOSED, spelling)
    if target in METADATA or target == "0.0.0.0":
        refused(LAPTOP, spelling)  # never, wherever the server listens
    else:
        LAPTOP.check_url(f"http://{spelling}/")


@pytest.mark.parametrize("host", LOOK_ALIKES)
def test_a_metadata_host_in_disguise_is_never_called(host: str) -> None:
    refused(EXPOSED, host)
    refused(LAPTOP, host)


@pytest.mark.parametrize("host", LOOPBACK_NAMES)
def test_a_loopback_name_is_loopback(host: str) -> None:
    refused(EXPOSED, host)
    LAPTOP.check_url(f"http://{host}/")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("example.com", "example.com"),
        ("Example.COM.", "example.com"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("cafe.example", "cafe.example"),  # hex letters, but a name
        ("webhook_receiver", "webhook_receiver"),  # a compose service's name
        ("日本語.jp", "xn--wgv71a119e.jp"),
    ],
)
def test_names_that_are_only_names_are_taken(host: str, expected: str) -> None:
    assert canonical(host) == expected
    EXPOSED.check_url(f"http://{host}/hooks")


@pytest.mark.parametrize("host", ["exa mple.com", "a..b", "[not-v6]", "."])
def test_a_host_no_resolver_takes_is_refused(host: str) -> None:
    with pytest.raises(BadHost):
        canonical(host)


def refused(policy: OutboundPolicy, host: str) -> None:
    """Refused at registration (a 422 naming the url) and at send, before any lookup."""
    with pytest.raises(InvalidInput):
        policy.check_url(f"http://{host}/hooks")
    send: Callable[[], str] = lambda: policy.destination(host.strip("[]"), 80)  # noqa: E731
    with pytest.raises(Refused):
        send()
