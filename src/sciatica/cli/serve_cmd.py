"""`sciatica serve`: the web application with uvicorn."""

from __future__ import annotations

import argparse
import sys


def run_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..web.settings import Settings
    except ModuleNotFoundError as error:
        print(
            f"sciatica: the web extra is not installed ({error.name}): pip install 'sciatica[web]'",
            file=sys.stderr,
        )
        return 2
    settings = Settings()
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"sciatica: serving on http://{host}:{port} (Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(
        "sciatica.web.app:app",
        host=host,
        port=port,
        workers=args.workers,
        log_level="warning" if args.quiet else "info",
        # The access log shows method, path and status only; bodies (health data) never reach it.
        access_log=not args.quiet,
        # Forwarded headers only from configured proxies (SCIATICA_TRUSTED_PROXIES).
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
    )
    return 0
