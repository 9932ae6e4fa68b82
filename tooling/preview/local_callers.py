"""Who may call the servers of `make serve` and `make edit` on her computer.

Any web page she has open can send requests to 127.0.0.1, and a site whose
name is made to point at 127.0.0.1 (DNS rebinding) can even read the answers.
So the preview and the editor's file server answer only requests that name
them as they are (Host 127.0.0.1 or localhost, with their own port) and that
come, when a browser says where from (Origin), from the editor's own page.
"""
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def own_addresses(port):
    """`127.0.0.1:PORT` and `localhost:PORT`: the only Host a request may carry."""
    return {f"{name}:{port}" for name in LOOPBACK_NAMES}


def own_origins(port):
    """The pages served on `port` (the preview, and the editor at its /admin/)."""
    return {f"http://{address}" for address in own_addresses(port)}


def caller_problem(host, origin, server_port, page_port):
    """Why a request may not be answered, or None. `host` and `origin` are the
    request's headers (None when absent); `page_port` is the preview's port,
    whose pages (the editor among them) are the only ones allowed to call."""
    if (host or "").lower() not in own_addresses(server_port):
        return f"Host {host!r} is not 127.0.0.1:{server_port} or localhost:{server_port}"
    if origin is not None and origin.lower() not in own_origins(page_port):
        return f"a page at {origin!r} is not the editor's own"
    return None
