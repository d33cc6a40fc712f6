"""`sciatica admin`: create clinics and users, back up and restore the SQLite store."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# getpass, os, sqlite3 and pathlib are imported where used: `add_arguments` runs for `sciatica
# admin --help`, which should not pay for SQLite.


def add_arguments(admin: argparse.ArgumentParser) -> None:
    """The actions of `sciatica admin` (its help line is in `sciatica.cli.main.COMMANDS`)."""
    commands = admin.add_subparsers(dest="admin_command", required=True, metavar="ACTION")
    c = commands.add_parser("create-clinic", help="create a clinic; prints its id")
    c.add_argument("name")
    u = commands.add_parser("create-user", help="create a clinician account")
    u.add_argument("--clinic", type=int, required=True, help="clinic id")
    u.add_argument("--username", required=True)
    u.add_argument("--role", choices=["clinician", "clinic_admin"], default="clinician")
    u.add_argument("--name", default="", help="display name")
    u.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the password from this environment variable (default: prompt)",
    )
    b = commands.add_parser("backup", help="copy the SQLite store to FILE (online, consistent)")
    b.add_argument("file")
    r = commands.add_parser("restore", help="replace the SQLite store by FILE (stop the server)")
    r.add_argument("file")


def run_admin(args: argparse.Namespace) -> int:
    import getpass
    import os
    from pathlib import Path

    from ..extras import require

    require("records", "admin")
    from ..records import auth
    from ..records.db import Store, database_url, sqlite_file

    action = args.admin_command
    if action in ("backup", "restore"):
        file = sqlite_file(database_url())
        if file is None:
            print("backup/restore is for the SQLite store; use pg_dump for PostgreSQL",
                  file=sys.stderr)  # fmt: skip
            return 2
        if action == "backup":
            Store.open().close()  # create and migrate it first if needed
            _copy(file, Path(args.file))
            print(f"backed up {file} to {args.file}")
        else:
            source = Path(args.file)
            if not source.is_file():
                print(f"no such file: {source}", file=sys.stderr)
                return 2
            _copy(source, file)
            Store.open().close()  # migrate a backup taken by an older version
            print(f"restored {file} from {source}")
        return 0
    store = Store.open()
    try:
        with store.session() as session:
            if action == "create-clinic":
                clinic = auth.create_clinic(session, args.name)
                print(clinic.id)
                return 0
            if args.password_env:
                password = os.environ.get(args.password_env, "")
            else:
                password = getpass.getpass("password: ")
            user = auth.create_user(
                session, args.clinic, args.username, password, args.role, args.name
            )
            print(user.id)
            return 0
    except auth.AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        store.close()


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup: consistent even while the server writes."""
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()
