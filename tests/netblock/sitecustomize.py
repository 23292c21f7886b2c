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

# KZTRANSLATE_TEST_ABSENT=a,b: these top-level modules behave as if not installed (ImportError), so a
# test can prove the product never needs a package a plain install brings (docs/install.md).
_absent = [m for m in os.environ.get("KZTRANSLATE_TEST_ABSENT", "").split(",") if m]
if _absent:
    import sys

    class _Absent:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in _absent:
                raise ModuleNotFoundError(f"No module named {name!r} (absent for this test)", name=name)
            return None

    sys.meta_path.insert(0, _Absent())
