"""The root ``steppe`` command, shared helpers, and the entry point that translates errors.

Errors are translated once, in ``main``: a one-line message on standard error and the
error's exit code; a traceback only with ``--debug``.

Language: what the CLI itself says to a reader (tables, summaries, progress labels, the
``erreur :``/``avertissement :``/``note :`` prefixes) is French, Steppe's first language;
``--json`` output keeps English keys and values, as the API does, for programs. Help texts are
English (as click's own usage errors are).
"""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from steppe.errors import SteppeError
from steppe.settings import Settings

err_console = Console(stderr=True)


ERROR, WARNING, NOTE = "erreur :", "avertissement :", "note :"


def error_line(message: object) -> None:
    """One plain line on standard error (never wrapped, never styled)."""
    click.echo(f"{ERROR} {message}", err=True)


def warning_line(message: object) -> None:
    """A problem that did not stop the command, on standard error."""
    click.echo(f"{WARNING} {message}", err=True)


def note_line(message: object) -> None:
    """Something worth knowing about the run, on standard error."""
    click.echo(f"{NOTE} {message}", err=True)


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


def usage_message(exc: click.UsageError) -> str:
    """A usage error in one line, naming the option and pointing at the command's help (click
    prints three lines, in English)."""
    if isinstance(exc, click.MissingParameter) and exc.param is not None and exc.ctx is not None:
        kind = "argument" if exc.param.param_type_name == "argument" else "option"
        message = f"{kind} manquant{'e' if kind == 'option' else ''} : " \
                  f"{exc.param.get_error_hint(exc.ctx)}"
    elif isinstance(exc, click.NoSuchOption):
        message = f"option inconnue : {exc.option_name}" + (
            f" (vouliez-vous dire {' ou '.join(sorted(exc.possibilities))} ?)"
            if exc.possibilities else "")
    elif isinstance(exc, click.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else (
            exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx else None)
        message = f"{hint} : {exc.message}" if hint else exc.message
    else:
        message = exc.format_message()
        if message.startswith("No such command "):      # click has no class for this one
            message = "commande inconnue : " + message[len("No such command "):].rstrip(".")
    where = exc.ctx.command_path if exc.ctx is not None else "steppe"
    return f"{message} (aide : {where} --help)"


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI, turning errors into one line and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv)
    try:
        code = cli.main(args=argv, prog_name="steppe", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `steppe`: the help, as before
        exc.show()
        return exc.exit_code
    except click.UsageError as exc:
        error_line(usage_message(exc))
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        error_line("interrompu")
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
        error_line(f"erreur interne : {type(exc).__name__}: {exc} (relancez avec --debug pour "
                   "voir la trace)")
        return 70
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
