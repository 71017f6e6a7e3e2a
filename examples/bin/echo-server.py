#!/usr/bin/python3
"""A tiny TCP echo server for the integrated example: listens on 127.0.0.1:--port N."""
import argparse
import socketserver


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            for line in self.rfile:
                self.wfile.write(line)
        except ConnectionError:
            pass  # health checks connect and reset; that is fine


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
port = parser.parse_args().port
with socketserver.ThreadingTCPServer(("127.0.0.1", port), Echo) as server:
    print(f"echo: listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()
