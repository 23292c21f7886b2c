"""Loaded by every Python subprocess the tests start (PYTHONPATH points here): blocks the network.

The real CLI runs in subprocesses in end-to-end tests; a hidden download there must fail loudly too.
Loopback stays open for dask's LocalCluster.
"""

import os
import socket

if os.environ.get("KZTRANSLATE_BLOCK_NETWORK") == "1":
    _real_connect = socket.socket.connect

    def _guarded_connect(self, address, *args, **kwargs):
        if self.family == socket.AF_UNIX:
            return _real_connect(self, address, *args, **kwargs)
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")):
            return _real_connect(self, address, *args, **kwargs)
        raise OSError(f"kztranslate tests: network access to {address!r} is blocked")

    socket.socket.connect = _guarded_connect
