"""Serve Keystone's WSGI application on 127.0.0.1 with the standard library, for tests.

Usage: python keystone_server.py CONFIG_FILE PORT

Keystone reads its configuration from OS_KEYSTONE_CONFIG_FILES, and oslo.config also
parses sys.argv: the arguments are taken and sys.argv reduced to the program name
before keystone is imported, or it would exit on options it does not know.
"""

import os
import sys


def main() -> None:
    config_file, port = sys.argv[1], int(sys.argv[2])
    del sys.argv[1:]
    os.environ["OS_KEYSTONE_CONFIG_FILES"] = config_file

    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from keystone.server.wsgi import initialize_public_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - wsgiref's signature
            pass

    application = initialize_public_application()
    server = make_server("127.0.0.1", port, application, handler_class=QuietHandler)
    print(f"serving on http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
