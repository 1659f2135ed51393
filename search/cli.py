"""The ``search`` command: a thin layer over the library (read options, call one function, render)."""

from __future__ import annotations

import difflib
import itertools
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .entry import EXIT_INTERRUPTED, command_interrupted, command_starts, interrupted_message, wants_json
from .errors import SearchError
from .lang.table import codes_text
from .query.facets import FACETS
from .query.facets import NAMES as FACET_NAMES


def _no_quoted_home(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A folder given as '~/idx' (quoted, so the shell left the ~) is refused rather than created as a folder
    named ~ in the current one; a path that is there as typed (a folder named ~ on purpose) is used as given."""
    path = str(value) if value is not None else ""
    if path.startswith("~") and os.path.expanduser(path) != path and not os.path.lexists(path):
        home = "$HOME" + path[1:] if path == "~" or path.startswith("~/") else os.path.expanduser(path)
        raise click.BadParameter(f"{path!r} is read as typed, under the current folder, and is not "
                                 "there: ~ is your home folder only where the shell expands it (unquoted); write "
                                 f"{path} without quotes, or \"{home}\"", ctx, param)
    return value


INDEX_OPTION = click.option(
    "--index", "index_dir", default="index", show_default=True, type=click.Path(file_okay=False),
    callback=_no_quoted_home, help="Index folder (with the OpenSearch backend: the index's name on the cluster).",
)
LOCAL_INDEX_OPTION = click.option(
    "--index", "index_dir", default="index", show_default=True, type=click.Path(file_okay=False),
    callback=_no_quoted_home, help="Index folder (a local index: check reads its files).",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON (stable schema: see README).")


def backend_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--backend and --opensearch: the local index (a folder) or an index on an OpenSearch cluster (--index
    then names the index). Credentials come from the environment only (README: "OpenSearch")."""
    fn = click.option("--opensearch", "opensearch_url", envvar="SEARCH_OPENSEARCH_URL", metavar="URL",
                      help="OpenSearch address (several: comma-separated); given here, it selects the OpenSearch "
                           "backend. Default: $SEARCH_OPENSEARCH_URL.")(fn)
    fn = click.option("--backend", type=click.Choice(["local", "opensearch"]), envvar="SEARCH_BACKEND",
                      help="Where the index is: a local folder (default) or an OpenSearch cluster.")(fn)
    return fn


def _cluster(backend: str | None, opensearch_url: str | None) -> bool:
    """The OpenSearch backend: asked for by --backend (or SEARCH_BACKEND), or by --opensearch typed on the
    command line (SEARCH_OPENSEARCH_URL alone only gives the address)."""
    if backend is not None:
        return backend == "opensearch"
    source = click.get_current_context().get_parameter_source("opensearch_url")
    return opensearch_url is not None and source == click.core.ParameterSource.COMMANDLINE


def _open(index_dir: str, backend: str | None, opensearch_url: str | None) -> Any:
    """The index the command reads: ``SearchIndex`` (local) or ``ClusterIndex`` (same read API)."""
    if _cluster(backend, opensearch_url):
        from .cluster import open_cluster_index

        return open_cluster_index(opensearch_url, index_dir)
    from .query.searcher import open_index

    return open_index(index_dir)


def _error_json(message: str, hint: str | None, exit_code: int) -> None:
    """With --json, an error is JSON on standard output too (``jq -e .error`` finds it), as well as the
    message on standard error: a script piping into jq never reads an empty answer as a result."""
    from .site.text import json_text

    try:
        click.echo(json_text({"error": message, "hint": hint, "exit_code": exit_code}))
    except BrokenPipeError:  # nobody reads standard output: the message still goes to standard error
        _silence(sys.stdout)


EXIT_CODE = "search.exit_code"  # ctx.meta: the code a command will exit with once its output is written


def _exiting(code: int) -> None:
    """Say, before writing a failure's output, the code the command exits with: if the reader of that output
    has gone (``search check | head -1``), the command still ends with it (``_Commands.invoke``)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[EXIT_CODE] = code


def _silence(stream: Any) -> None:
    """Point ``stream`` at /dev/null: its reader went away, and the interpreter's last flush of what is still
    buffered must not fail again (with a traceback, or exit code 120)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    except (AttributeError, OSError, ValueError):  # not a file (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


def _reader_gone(stream: Any) -> bool:
    """Whether ``stream`` is a pipe (or socket) whose reader has closed it: a BrokenPipeError from anything
    else (a library's own pipe) is a failure, not the end of the output."""
    import select

    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # not a file, or no poll on this system: believe the error
        return True


def _output_closed(code: int) -> None:
    """The reader of the output went away: ``search query ... | head -1``. Nothing more can be said to it: the
    command ends quietly, with the code it had (0, unless it was failing), as ripgrep does and as Python's
    documentation advises (click's own handling exits 1, which a script reads as a failure; the signal's 141
    comes and goes with the timing of the reader)."""
    _silence(sys.stdout)
    _silence(sys.stderr)
    sys.exit(code)


def _fail(e: SearchError) -> None:
    _exiting(e.exit_code)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.params.get("as_json"):
        _error_json(e.message, e.hint, e.exit_code)
    from .site.text import one_line

    click.echo(f"Error: {one_line(e.message)}", err=True)  # a message may quote the query or an article's id
    if e.hint:
        click.echo(f"Hint: {one_line(e.hint)}", err=True)
    sys.exit(e.exit_code)


class _Commands(click.Group):
    """Usage errors (a bad option value, a missing argument) of a command run with --json are JSON too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["search.args"] = list(args)  # the command's name and arguments, as typed
        try:
            return super().parse_args(ctx, args)
        except BrokenPipeError:  # search --help | head -1
            _output_closed(0)
            raise
        except click.UsageError as e:  # search --json (no command), search --bogus query x --json
            if wants_json(ctx.meta["search.args"]):  # as typed (the parser consumes ``args``)
                _error_json(e.format_message(), "See: search --help", e.exit_code)
            raise

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as e:  # a command mistyped (quer), or forgotten (search 'Hun Manet')
            words = list(itertools.takewhile(lambda a: not a.startswith("-"), args))
            if not e.message.startswith("No such command") or not words:
                raise
            close = difflib.get_close_matches(words[0], list(self.commands), n=1, cutoff=0.6)
            raise click.UsageError(f"{e.message} " + (f"Did you mean {close[0]!r}?" if close else
                                   f"To search for it: search query {shlex.quote(' '.join(words))} (the commands: "
                                   "search --help)"), ctx) from None

    def invoke(self, ctx: click.Context) -> Any:
        args: list[str] = ctx.meta.get("search.args") or [""]
        as_json = wants_json(args)
        command_starts()
        try:
            try:
                return super().invoke(ctx)
            except click.ClickException as e:
                ctx.meta[EXIT_CODE] = e.exit_code
                if as_json:
                    command = f"{args[0]} " if args[0] in self.commands else ""
                    _error_json(e.format_message(), f"See: search {command}--help", e.exit_code)
                raise
            except KeyboardInterrupt:  # Ctrl-C: what became of the work, and the shell's code for it (128 + SIGINT)
                command_interrupted()
                ctx.meta[EXIT_CODE] = EXIT_INTERRUPTED
                message, hint = interrupted_message(args)
                if as_json:
                    _error_json(message, hint, EXIT_INTERRUPTED)
                click.echo(f"\n{message}", err=True)
                if hint:
                    click.echo(f"Hint: {hint}", err=True)
                sys.exit(EXIT_INTERRUPTED)
            except (click.exceptions.Exit, click.Abort, BrokenPipeError):
                raise
            except Exception as e:  # a bug: its traceback on stderr, and with --json still JSON on stdout
                if as_json:
                    _bug_json(e)
                raise
        except BrokenPipeError as e:  # search analyze - | head -1: the reader has what it wanted
            if not (_reader_gone(sys.stdout) or _reader_gone(sys.stderr)):  # not the output's: a failure, said
                failure = RuntimeError(f"a pipe of the command's own broke: {e}")  # (click hides an EPIPE)
                if as_json:  # the output is there to be written to: the error is JSON, as every error
                    _bug_json(failure)
                raise failure from e
            _output_closed(ctx.meta.get(EXIT_CODE, 0))


def _bug_json(e: Exception) -> None:
    """With --json, an unexpected failure (a bug) is JSON on standard output; its traceback goes to stderr."""
    _error_json(f"internal error: {type(e).__name__}: {e}", "This is a bug: please report it with the command and "
                "the traceback printed on standard error.", 1)


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except SearchError as e:
        _fail(e)


@contextmanager
def _progress(label: str, enabled: bool, show_pos: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal (never in pipes, CI logs or with --json), at ``done`` of
    ``total`` as the library says (it may be called several times for one step, or once for many); ``show_pos``:
    the count as well as the percentage (not for bytes)."""
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=show_pos)
            bar.__enter__()
        if done > bar.pos:
            bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="search")
def cli() -> None:
    """Search folders of news articles in many languages.

    \b
    Typical session:
      search index seeds/                 # build or update ./index from a folder
      search query 'Hun Manet'            # ranked, highlighted results with facets
      search query 'coopération lang:fr' --json | jq '.hits[].title'
      search show 000_64ee10f01e38a171    # one article
      search query --help                 # the query syntax

    \b
    Exit codes: 0 success (a query that finds nothing too: 0 results is an answer); 1 failure (no index,
    unknown id, nothing indexed, a damaged index); 2 usage error or a query that cannot run; 3-7 OpenSearch
    errors (README); 130 interrupted (Ctrl-C). Output piped into a reader that stops early (| head) ends
    quietly with the code the command had. With --json an error is also JSON on standard output:
    {"error": ..., "hint": ..., "exit_code": ...}; messages and hints go to standard error.
    """


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@INDEX_OPTION
@click.option("--rebuild", is_flag=True, help="Start afresh instead of updating what changed.")
@click.option("--lang", help="Force one language code for every article (e.g. fr); default: detect.")
@click.option("--procs", type=click.IntRange(1, 16), help="Writer processes (default: CPU cores, at most 4).")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own officials registry (TOML) on top of the packaged one; the index keeps a copy.")
@click.option("--field", "field_map", multiple=True, metavar="FIELD=NAME",
              help="Read FIELD (title, body, date, url, source, author, section, tags, lang, id) from the records' "
                   "NAME (repeatable): --field body=story.")
@click.option("--quiet", "-q", is_flag=True, help="Only what was skipped, and the totals.")
@click.option("--verbose", "-v", is_flag=True, help="Every note with its article, not only their sums.")
@backend_options
@click.option("--shards", type=click.IntRange(1, 1024), help="OpenSearch: primary shards of a new index (default 1).")
@click.option("--replicas", type=click.IntRange(0, 16), help="OpenSearch: copies of each shard (default 1).")
@JSON_OPTION
def index_cmd(paths: tuple[Path, ...], index_dir: str, rebuild: bool, lang: str | None, procs: int | None,
              registry: Path | None, field_map: tuple[str, ...], quiet: bool, verbose: bool, backend: str | None,
              opensearch_url: str | None, shards: int | None, replicas: int | None, as_json: bool) -> None:
    """Index article files under PATHS (default: seeds/) into the index folder.

    \b
    Folders are walked recursively. Files (and the same compressed, .gz):
      .txt            seed format (optional first line ` date YYYY-MM[-DD] Title`), or a leading
                      `# key = value` block (# url = ..., # date = 20210412) and the title on the next line
      .md             Markdown with front matter (YAML ---, TOML +++ or JSON)
      .html .htm      saved pages: main text and the page's own metadata
      .json .jsonl    an array (or one object) / one object a line
      .csv            a header row, then one article a row
      .warc .warc.gz  every HTML page of a crawl
    Record field names are recognised (title/headline, body/text/content/article, date/published/pubDate,
    url/link, source/outlet/publisher/site_name, author, section, tags, lang); map others with --field.

    Incremental, article by article: a second run re-indexes only the records that changed (whatever file
    holds them), adds new ones, removes those whose files or records are gone from these folders. Bad files
    and records are reported (file, line or record, reason) and skipped; notes are summed up at the end.
    The exit code is 1 when nothing could be indexed at all, or when a PATH does not exist (the others are
    indexed; articles the index held under a folder that is gone are removed).

    \b
    Examples:
      search index seeds/ news/2024/             # build or update ./index from two folders
      search index export.csv --field body=story --field date=when
      search index crawl.warc.gz --index crawl   # another index folder
      search index news/ --rebuild               # start afresh (the old index answers until it is done)
    """
    from . import build_index  # (a run with nothing to do is told before the indexing code is imported: noop.py)
    from .ingest.fields import FieldMap
    from .lang.table import is_known
    from .site.text import json_text, one_line, report_text

    if lang and not is_known(lang):
        raise click.BadParameter(f"unknown language code {lang!r}; see `search analyze --help` for the list",
                                 param_hint="--lang")
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose contradict each other: choose one")
    fields = _run(lambda: FieldMap.parse(field_map))
    if not paths and not Path("seeds").exists():  # not a run that creates an empty index and fails
        raise click.UsageError("Which articles? Give the folders or files to index: search index news/ archive.jsonl "
                               "(without a PATH, seeds/ is read, and there is none here).")
    roots = list(paths) or [Path("seeds")]
    cluster = _cluster(backend, opensearch_url)
    if not cluster and (shards is not None or replicas is not None):
        raise click.UsageError("--shards and --replicas are for the OpenSearch backend (--backend opensearch).")
    with _progress("Indexing", enabled=not as_json and not quiet, show_pos=False) as progress:  # bytes
        if cluster:
            from .cluster import build_cluster_index

            report = _run(lambda: build_cluster_index(roots, opensearch_url, index_dir, rebuild=rebuild, lang=lang,
                                                      registry=registry, progress=progress, shards=shards,
                                                      replicas=replicas, fields=fields, procs=procs))
        else:
            report = _run(lambda: build_index(roots, index_dir, rebuild=rebuild, lang=lang, procs=procs,
                                              registry=registry, progress=progress, fields=fields))
    detail = "quiet" if quiet else "verbose" if verbose else "summary"
    failure = None
    missing = [str(r) for r in roots if not os.path.lexists(r)]
    if report.skipped and report.total == 0:
        failure = "nothing could be indexed (see the skipped files)"
    elif missing:  # a typo must not pass for success; what the index held under it, if anything, is gone from it
        failure = f"no such file or folder: {', '.join(missing)} (the rest was indexed)"
    elif report.total == 0 and not report.removed:  # an empty folder (or the wrong one): not a success either
        from .ingest.names import SUPPORTED_TEXT

        failure = (f"nothing to index: no article file under {', '.join(str(r) for r in roots)} "
                   f"(files {SUPPORTED_TEXT})")
    if failure:
        _exiting(1)
    if as_json:  # a failed run's report says so, as every --json error does (README: "error", "exit_code")
        data = report.as_dict()
        if failure:
            data.update(error=failure, hint=None, exit_code=1)
        click.echo(json_text(data))
    else:
        click.echo(report_text(report, detail))
    if failure:
        click.echo(f"Error: {one_line(failure)}.", err=True)
        sys.exit(1)


@cli.command("analyze", epilog=codes_text())
@click.argument("text")
@click.option("--lang", default="und", show_default=True, help="Language code (e.g. fr, vi, km).")
@JSON_OPTION
def analyze_cmd(text: str, lang: str, as_json: bool) -> None:
    """Show what the engine does to TEXT: each token's exact, folded and stemmed forms and offsets.

    Like Elasticsearch's _analyze. With - as TEXT, read standard input and print one JSON object per
    input line (JSON Lines): {"lang": ..., "tokens": [{"text", "folded", "stem", "start", "end"}]}.

    \b
    Examples:
      search analyze 'Bùi Thanh Sơn coopération' --lang fr
      search analyze 'ហ៊ុនម៉ាណែត' --lang km --json
      cat titles.txt | search analyze - --lang vi
    """
    from .analysis import analyze
    from .lang.table import is_known
    from .site.text import tokens_json, tokens_text

    if lang != "und" and not is_known(lang):  # else the analysis of no language would pass for this one's
        raise click.BadParameter(f"unknown language code {lang!r}; the codes are listed below the options "
                                 "(search analyze --help)", param_hint="--lang")
    if text == "-":
        for line in sys.stdin:
            click.echo(tokens_json(analyze(line.rstrip("\n"), lang), lang, indent=None))
        return
    tokens = analyze(text, lang)
    click.echo(tokens_json(tokens, lang) if as_json else tokens_text(tokens))


QUERY_HELP = """Search the index. QUERY uses a web-search syntax:

\b
  Hun Manet                 all words must match (typed without accents: any accents;
                            typed with them: those accents, as Lào is not lao)
  Hun OR Sen                either word
  coopération -Laos         NOT: exclude a word (also: NOT Laos)
  (Laos OR Cambodge) visite parentheses group
  "Premier ministre"        exact phrase (also “...”, « ... », 「...」)
  coop*                     prefix (2 letters at least)
  Sokhon~                   fuzzy, one edit (Sokhon~2: two; two letters swapped are one); only when asked
  +lang:km  Laos^2          + (required) is what every term is; a boost (^2) is ignored, with a note
  "a b"~2                   proximity is not supported (an error): "a b" side by side, a b anywhere
  lang:fr                   language filter (lang:fr,id for several)
  date:2024-12              month (also date:2024, date:2024-12-06)
  date:2024-11..2024-12     date range (one side may be empty)
  title:Cambodge            in the title only
  source:dantri.com.vn      from this outlet (source:"Dân trí"; as the source facet lists them)
  https://dantri.com.vn/... articles whose URL starts so (also url:...)
  official:"Hun Manet"      articles naming that official (any alias, any script, or its id: hun-manet)
  country:KH                naming an official of that country
  role:"Prime Minister"     naming an official in that role at the article's date
  year:2024  month:2024-11  dated that year or month

\b
Every facet value the results list can be fed back as name:value, or as the flag of the same name
(--lang, --year, --month, --source, --official, --country, --role). Several values: lang:fr,id or
country:KH,VN (either), country:KH country:VN (both; so is --country KH --country VN).

\b
Examples:
  search query 'Bui Thanh Son'            # finds Bùi Thanh Sơn too; its own spelling ranks first
  search query 'ហ៊ុនម៉ាណែត'                   # Khmer typed without zero-width spaces
  search query 'kerja sama' --lang id --from 2024-11 --json | jq '.hits[].id'

A query that cannot be fully understood is run leniently with a note saying what was ignored; a query that
cannot be run at all exits with code 2."""


def facet_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A filter flag per facet (query/facets.py): --lang fr is lang:fr in the query, --official X official:"X"."""
    for facet in reversed(FACETS):
        # Repeated: a one-valued facet keeps the articles with any of the values (an article has one
        # language); a many-valued one those with all of them (--country KH --country VN: both named).
        repeated = "any of them" if facet.coded else "all of them, not either"
        fn = click.option(f"--{facet.name}", f"filter_{facet.name}", multiple=True,
                          help=f"Only articles with this {facet.help}. Repeatable: articles with "
                               f"{repeated}.")(fn)
    return fn


def _dash_arguments(command: click.Command, args: list[str]) -> tuple[int | None, int]:
    """In ``args`` typed without ``--``: where the first argument is that starts with a dash but is no option of
    ``command`` (``-Laos``, ``-dash``; one that starts with -- and can be no option: '-- Hun Manet', '--"a b"'),
    and how many other arguments are values of the command's arguments (not options, nor their values)."""
    if "--" in args:
        return None, 0
    takes_value = {o for p in command.params if isinstance(p, click.Option) and not p.is_flag for o in p.opts}
    known = {o for p in command.params for o in (*p.opts, *p.secondary_opts)} | {"-h", "--help"}
    found, others = None, 0
    for i, arg in enumerate(args):
        after_option = i > 0 and args[i - 1] in takes_value
        if after_option or arg == "-" or arg[:1] != "-":
            others += not after_option
            continue
        value_like = arg[:2] != "--" or not re.fullmatch(r"--[A-Za-z][\w-]*(?:=.*)?", arg, re.S)
        if found is None and arg not in known and value_like:
            found = i
    return found, others


class _IdCommand(click.Command):
    """An article's id may start with a dash (the file -dash.txt): ``search show -dash`` reads it as the id when
    it is no option of the command and no id is typed besides; else the error says to type it after --."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        i, others = _dash_arguments(self, args)
        if i is not None and others == 0:
            args = [*args[:i], *args[i + 1:], "--", args[i]]
        typed = list(args)  # as typed (the parser consumes ``args``)
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as e:  # -dash read as -d (an id typed besides), --dash: say how to type it
            option = next((a for a in typed if a.startswith(e.option_name)), e.option_name)
            raise click.UsageError(f"{e.format_message()} An id that starts with - goes after the options and --: "
                                   f"search {ctx.info_name} -- {shlex.quote(option)}", e.ctx) from None


class _QueryCommand(click.Command):
    """A query may start with an exclusion (``search query '-Laos Cambodge'``): an argument that starts with a
    dash but is no option of the command is the query, as if typed after ``--``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        i, _ = _dash_arguments(self, args)
        if i is not None:
            args = [*args[:i], *args[i + 1:], "--", args[i]]
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            if "unexpected extra argument" in e.message:  # search query Hun Manet: the shell split the query
                raise click.UsageError(e.message + ". A query of several words goes in quotes: "
                                       "search query 'Hun Manet -Laos' (the options: search query --help)",
                                       e.ctx) from None
            if isinstance(e, click.NoSuchOption):  # --Laos: a mistyped option, or a query that starts with --
                raise click.UsageError(f"{e.format_message()} A query that starts with -- goes after the options "
                                       f"and --: search query --limit 5 -- {shlex.quote(e.option_name)}",
                                       e.ctx) from None
            raise


@cli.command("query", cls=_QueryCommand, help=QUERY_HELP)
@click.argument("query")
@INDEX_OPTION
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, 1000),
              help="Hits to show (at most 1000 at a time: page on with --offset; 0: counts and facets only).")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0), help="Hits to skip (paging).")
@click.option("--from", "date_from", help="Only articles dated from YYYY[-MM[-DD]].")
@click.option("--to", "date_to", help="Only articles dated up to YYYY[-MM[-DD]].")
@facet_options
@click.option("--facet", "facets", multiple=True, type=click.Choice(FACET_NAMES),
              help="Facets to count (repeatable; default all).")
@click.option("--no-snippets", is_flag=True, help="Skip snippets (faster).")
@backend_options
@JSON_OPTION
def query_cmd(query: str, index_dir: str, limit: int, offset: int, date_from: str | None, date_to: str | None,
              facets: tuple[str, ...], no_snippets: bool, backend: str | None, opensearch_url: str | None,
              as_json: bool, **flags: tuple[str, ...]) -> None:
    from .site.text import results_text, to_json

    filters: dict[str, Any] = {"from": date_from, "to": date_to}
    filters.update({name.removeprefix("filter_"): list(values) for name, values in flags.items()})
    if not query.strip() and not any(filters.values()):  # "No results for ''." read as an answer: say why
        raise click.UsageError("the query is empty: there is nothing to search for. Type words, a phrase or a "
                               "filter: search query 'Hun Manet', or filters alone: search query '' --lang fr")

    def run() -> Any:
        with _open(index_dir, backend, opensearch_url) as ix:
            return ix.search(query, limit=limit, offset=offset, snippets=not no_snippets,
                             facets=list(facets) if facets else None, filters=filters)

    results = _run(run)
    if as_json:
        click.echo(to_json(results))
    else:
        style = (lambda s: click.style(s, bold=True, fg="yellow")) if sys.stdout.isatty() else None
        click.echo(results_text(results, style))


@cli.command("show", cls=_IdCommand)
@click.argument("doc_id")
@INDEX_OPTION
@backend_options
@JSON_OPTION
def show_cmd(doc_id: str, index_dir: str, backend: str | None, opensearch_url: str | None, as_json: bool) -> None:
    """Print one article (by id: the file name without extension) with its metadata.

    \b
    Examples:
      search show 000_64ee10f01e38a171
      search query 'Hun Manet' --json | jq -r '.hits[0].id' | xargs search show
    """
    from .site.text import article_text, to_json

    def run() -> Any:
        with _open(index_dir, backend, opensearch_url) as ix:
            return ix.show(doc_id)

    article = _run(run)
    click.echo(to_json(article) if as_json else article_text(article))


@cli.command("similar", cls=_IdCommand)
@click.argument("doc_id")
@INDEX_OPTION
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@backend_options
@JSON_OPTION
def similar_cmd(doc_id: str, index_dir: str, limit: int, backend: str | None, opensearch_url: str | None,
                as_json: bool) -> None:
    """List articles related to DOC_ID (more like this): those sharing two or more of its most distinctive words.

    Its distinctive words are its words (15 at most) of highest tf-idf among those in fewer than half of the
    articles; a word it writes in lower case counts only in articles of its language. The count said, "of 1,782
    articles sharing two or more of its 15 most distinctive words", is of every such article (an article with a
    single distinctive word: those that have it). With --json, the shape of `search query --json`: `total`
    is that count (as a query's counts every match), `hits` the --limit first of them.

    \b
    Example:
      search similar 000_64ee10f01e38a171 --limit 5
    """
    from .site.text import results_text, to_json

    def run() -> Any:
        with _open(index_dir, backend, opensearch_url) as ix:
            return ix.similar(doc_id, limit=limit)

    results = _run(run)
    click.echo(to_json(results) if as_json else results_text(results, related=doc_id))


@cli.command("officials")
@INDEX_OPTION
@click.option("--country", help="Only officials of this country (ISO code, e.g. KH, VN, LA).")
@click.option("--pairs", is_flag=True, help="Co-occurring pairs: officials named in the same articles.")
@click.option("--candidates", is_flag=True,
              help="Names after official titles (Prime Minister X) that the registry does not hold yet.")
@click.option("--csv", "as_csv", is_flag=True, help="With --pairs: CSV for spreadsheets and graph tools.")
@click.option("--toml", "as_toml", is_flag=True, help="With --candidates: registry entries to paste into your file.")
@click.option("--min", "min_articles", default=1, show_default=True, type=click.IntRange(1),
              help="With --pairs: only pairs named together in at least this many articles.")
@backend_options
@JSON_OPTION
def officials_cmd(index_dir: str, country: str | None, pairs: bool, candidates: bool, as_csv: bool,
                  as_toml: bool, min_articles: int, backend: str | None, opensearch_url: str | None,
                  as_json: bool) -> None:
    """Every official found in the index, with article counts, first and last date.

    \b
    Examples:
      search officials --country KH          # Cambodian officials
      search officials --pairs --csv > pairs.csv
      search officials --candidates --toml > mine.toml   # edit, then: search index ... --registry mine.toml
    """
    from .officials import candidates as c
    from .officials import stats as o
    from .site import text

    # An option another list or format would ignore is refused rather than silently dropped (--pairs --country KH
    # listed Trump + Biden; --csv alone printed text into a .csv file).
    given = click.get_current_context().get_parameter_source("min_articles") == click.core.ParameterSource.COMMANDLINE
    if pairs and candidates:
        raise click.UsageError("--pairs and --candidates are two different lists: choose one.")
    if country and (pairs or candidates):
        raise click.UsageError("--country selects officials in the officials list, not in --pairs or --candidates: "
                               "search officials --country " + country)
    for flag, used, needs, name in (("--csv", as_csv, pairs, "--pairs"), ("--min", given, pairs, "--pairs"),
                                    ("--toml", as_toml, candidates, "--candidates")):
        if used and not needs:
            raise click.UsageError(f"{flag} is for {name}: search officials {name} {flag}" +
                                   (f" {min_articles}" if flag == "--min" else ""))
    if as_json and (as_csv or as_toml):
        raise click.UsageError(f"--json and {'--csv' if as_csv else '--toml'} are two formats: choose one.")

    countries: list[str] = []  # with --country and nobody of it: the countries the index has officials of

    def run() -> Any:
        with _open(index_dir, backend, opensearch_url) as ix:
            if pairs:
                return o.pairs(ix, min_articles)
            if candidates:
                return c.candidates(ix)
            found = o.summaries(ix, country)
            if country and not found:
                countries.extend(sorted({s.country for s in o.summaries(ix) if s.country}))
            return found

    rows = _run(run)
    if as_json:
        click.echo(text.to_json(rows))
    elif countries:  # not "No registered official is mentioned in this index": others are
        click.echo(f"No official of country {country!r} is mentioned in this index; officials of these countries "
                   f"are: {', '.join(countries)} (search officials --country {countries[0]}).")
    elif pairs and not rows and not as_csv:
        click.echo(f"No two officials are named together in {min_articles} article{'s' if min_articles > 1 else ''}"
                   " or more.")
    elif pairs:
        click.echo(text.pairs_csv(rows) if as_csv else text.pairs_text(rows))
    elif candidates:
        click.echo(c.candidates_toml(rows) if as_toml else text.candidates_text(rows))
    else:
        click.echo(text.officials_text(rows))


@cli.command("official")
@click.argument("name")
@INDEX_OPTION
@backend_options
@JSON_OPTION
def official_cmd(name: str, index_dir: str, backend: str | None, opensearch_url: str | None, as_json: bool) -> None:
    """One official (NAME: any alias in any script): roles over time, articles by month, who they met.

    \b
    Examples:
      search official 'Hun Manet'
      search official 洪玛奈                   # any alias, any script
      search official hun-manet --json | jq '.by_month'
    """
    from .officials import stats as o
    from .site.text import profile_text, to_json

    def run() -> Any:
        with _open(index_dir, backend, opensearch_url) as ix:
            return o.profile(ix, name)

    p = _run(run)
    click.echo(to_json(p) if as_json else profile_text(p))


@cli.command("check")
@LOCAL_INDEX_OPTION
@JSON_OPTION
def check_cmd(index_dir: str, as_json: bool) -> None:
    """Check a whole index, like Lucene's CheckIndex: every file's checksum, then every posting, stored field
    and column read back. Exit code 0 if it is sound, 1 if something is damaged (each damaged file named).

    A query checks only what it reads (file sizes and times, cheap); `search index` checks every checksum
    before it writes. A damaged index is rebuilt with: search index PATH... --rebuild

    \b
    Examples:
      search check
      search check --index news --json | jq '.problems'
    """
    from .index.integrity import check
    from .site.text import check_text, json_text, one_line

    report = _run(lambda: check(Path(index_dir)))
    failure = hint = None
    if not report.ok:  # said as every failure is: on stderr, and in the JSON (README: "error", "exit_code")
        _exiting(1)
        n = len(report.problems)
        failure = f"the index in {index_dir} is damaged: {n} problem{'s' if n != 1 else ''} found"
        hint = f"Rebuild it with: search index PATH... --index {index_dir} --rebuild"
    if as_json:
        data = report.as_dict()
        if failure:
            data.update(error=failure, hint=hint, exit_code=1)
        click.echo(json_text(data))
    else:
        click.echo(check_text(report))
    if failure:
        click.echo(f"Error: {one_line(failure)}.", err=True)
        sys.exit(1)


@cli.command("export")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path), callback=_no_quoted_home)
@INDEX_OPTION
@click.option("--query", "queries", multiple=True, help="A saved query to render as a results page (repeatable).")
@click.option("--queries-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file with one saved query per line.")
@backend_options
@JSON_OPTION
def export_cmd(out: Path, index_dir: str, queries: tuple[str, ...], queries_file: Path | None,
               backend: str | None, opensearch_url: str | None, as_json: bool) -> None:
    """Write a static HTML site of the collection into OUT (opens from file://, no server needed).

    Pages: home, one per article, per official, per language and per month, and one per saved query; and a
    search page (search.html, a box on every page) that runs this engine in the browser, offline.
    The same index always exports byte-identical files; a re-export rewrites only what changed.

    \b
    Examples:
      search export site                      # then open site/index.html or site/search.html
      search export site --query 'Hun Manet' --query 'kerja sama'
      search export site --queries-file saved.txt --index news
    """
    from .site.files import up_to_date_export
    from .site.text import export_text, to_json

    for q in queries:  # bytes typed that are no UTF-8 (lone surrogates) cannot be written into a page
        try:
            q.encode("utf-8")
        except UnicodeEncodeError:
            raise click.BadParameter(f"{q!r} is not UTF-8 text: type the query in UTF-8",
                                     param_hint="--query") from None
    saved = [q.strip() for q in queries if q.strip()]  # a blank one has no page, as a blank line of --queries-file
    if queries_file is not None:
        try:
            lines = queries_file.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError as e:
            raise click.BadParameter(f"{queries_file} is not UTF-8 text (byte {e.start}): save it as UTF-8, "
                                     "one query a line", param_hint="--queries-file") from None
        except OSError as e:
            raise click.BadParameter(f"cannot read {queries_file}: {e.strerror or e}",
                                     param_hint="--queries-file") from None
        saved += [line.strip() for line in lines if line.strip()]
    source: Any = index_dir
    if _cluster(backend, opensearch_url):
        source = _run(lambda: _open(index_dir, backend, opensearch_url))
    elif (done := up_to_date_export(Path(index_dir), out, saved)) is not None:  # a no-op: said at once
        click.echo(to_json(done) if as_json else export_text(done))
        return
    from .site.export import export_site

    with _progress("Exporting", enabled=not as_json) as progress:
        report = _run(lambda: export_site(source, out, saved, progress=progress))
    click.echo(to_json(report) if as_json else export_text(report))


def main() -> None:
    """The command (``search.entry.main``: Ctrl-C while it starts gives the same message as during its work)."""
    from .entry import main as start

    start()
