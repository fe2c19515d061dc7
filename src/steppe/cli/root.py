"""The root ``steppe`` command, shared helpers, and the entry point that translates errors.

Errors are translated once, in ``main``: a one-line message on standard error and the
error's exit code; a traceback only with ``--debug``.
"""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from steppe.errors import SteppeError
from steppe.settings import Settings

err_console = Console(stderr=True)


def error_line(message: object) -> None:
    """One plain line on standard error (never wrapped, never styled)."""
    click.echo(f"error: {message}", err=True)


def settings_of(ctx: click.Context) -> Settings:
    return ctx.find_root().obj


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="STEPPE_DB", default=None,
              help="Database: a SQLite file path (default ./steppe.db) or a postgresql:// URL "
                   "(env STEPPE_DB).")
@click.option("--kb-file", default=None, metavar="PATH",
              help="Your knowledge-base additions (default ./steppe-kb.jsonl; env STEPPE_KB_FILE).")
@click.option("--debug", is_flag=True, default=None, help="Show tracebacks on errors.")
@click.version_option(package_name="steppe")
@click.pass_context
def cli(ctx: click.Context, db: str | None, kb_file: str | None, debug: bool | None) -> None:
    """Steppe: news intelligence for Central Asia, French first.

    \b
    Examples:
      steppe ingest ../shared/data/seed.txt
      steppe annotate --input-format dump ../shared/data/seed.txt
      steppe stats
    """
    ctx.obj = Settings.from_env(db=db, debug=debug, kb_file=kb_file)



def progress_bar() -> Progress:
    """A transient progress display on standard error, shown only on a terminal."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI, turning errors into one line and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv)
    try:
        code = cli.main(args=argv, prog_name="steppe", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        error_line("aborted")
        return 130
    except SteppeError as exc:
        if debug:
            raise
        error_line(exc)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line unless debugging
        if debug:
            raise
        error_line(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        return 70
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
