"""Who a throttle counts: a client's network, so that rotating addresses does not escape it.

An IPv6 subscriber is usually given a whole /64 (2^64 addresses): counted per address, one
household has an endless supply of fresh clients. Every throttle (subscriptions, the admin
login's lockouts through AXES_CLIENT_IP_CALLABLE, and whatever comes next) counts IPv6 clients
per /64 and IPv4 clients per address (an IPv4 address is already scarce, and often shared).
"""

import ipaddress

from config.client_address import client_address

IPV6_PREFIX = 64


def network_of(address: str | None) -> str | None:
    """The address that stands for `address`'s network: for IPv6, its /64 with the host part
    zeroed (still an address, as django-axes stores it in an address field)."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        network = ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False)
        return str(network.network_address)
    return str(ip)


def client_network(request) -> str | None:
    """The client's network (config.client_address finds the client behind the proxies)."""
    return network_of(client_address(request))
