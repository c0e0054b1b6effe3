"""The HTML reader never fetches or executes anything a page points to."""

from __future__ import annotations

import socket
import threading

from cio_graph.graph.parse import parse_bytes


def listening_socket() -> tuple[socket.socket, list[bytes]]:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[bytes] = []

    def accept():
        while True:
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            hits.append(connection.recv(1024))
            connection.close()

    threading.Thread(target=accept, daemon=True).start()
    return server, hits


def test_a_page_full_of_references_is_read_without_any_request():
    server, hits = listening_socket()
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    page = f"""<!DOCTYPE html [<!ENTITY remote SYSTEM "{url}/entity">]>
<html><head>
<link rel="stylesheet" href="{url}/style.css"><script src="{url}/app.js"></script>
<script>document.write("<table><tr><td>Internal</td><td>1</td><td>2</td><td>Injected</td></tr></table>")</script>
<meta http-equiv="refresh" content="0; url={url}/refresh">
</head><body>
<iframe src="{url}/frame"></iframe><img src="{url}/pixel.png"><object data="{url}/object"></object>
<p>This report contains information about the covert influence operations disrupted between
March 1-31, 2025. We removed 12 accounts associated with previously disrupted networks.</p>
<table><tr><th>Detection source</th><th>Accounts in network</th><th>Followers of network</th><th>Description</th></tr>
<tr><td>Internal</td><td>40</td><td>1,200</td><td><strong>Accounts targeting political discourse in Chile</strong>
<br>We assess that this network operated from Chile.<img src="{url}/inline.png"> &remote;</td></tr></table>
</body></html>"""
    parsed = parse_bytes(page.encode(), "references.html")
    server.close()
    assert hits == []
    [table] = parsed.tables
    assert [row.title for row in table.rows] == ["Accounts targeting political discourse in Chile"]
    assert "Injected" not in str(parsed)
