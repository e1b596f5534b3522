"""AWS CLI v1 names: the single authority for service words, commands and options.

Stage ``naming/cli``. Input: a botocore service name (data directory name), an operation
name and a top-level input member name, read with the *standalone* botocore (this module
never imports ``awscli``). Output: what the AWS CLI v1 (awscli 1.46.3) calls them, why a
command cannot be used, and how values must be written. The CLI's own tables live as data
in ``naming/data/cli_*.json``; ``tests/test_naming_cli.py`` checks them against the
installed awscli in a subprocess, and ``tools/cli_names.py`` compares every answer
here with the real argument tables of every command (0 mismatches).

Names (``awscli/clidriver.py`` unless noted)
----------------------------------------------
* Service word = botocore service name, except the renames in ``cli_services.json``
  (``s3``->``s3api`` customizations/s3/s3.py, ``codedeploy``->``deploy``
  customizations/codedeploy/codedeploy.py, ``config``->``configservice``
  customizations/configservice/rename_cmd.py). ``sdb`` is a preview service
  (customizations/preview.py: it only prints a notice unless ``preview.sdb = true`` is
  configured); ``sms-voice`` is hidden but works; ``runtime.sagemaker`` is a hidden alias.
* Command = ``xform_name(Operation, '-')``. Hidden command aliases (cloudwatch
  ``get-o-tel-enrichment``, mturk, signin, socialmessaging) are listed in
  ``cli_customizations.json``. Deprecated operations stay callable but undocumented.
* Option = ``--`` + ``xform_name(Member, '-')`` (the CLI's vendored botocore may lag: a new
  ``_xform_cache`` entry only matters for operations its model lacks). Then the argument
  table is changed by ``building-argument-table.<word>.<command>`` handlers, in this order
  (botocore hooks' prefix trie: ``*.*``, ``*``, ``<word>.*``, ``<word>.<command>``, generic):
  1. booleans get two arguments, ``--x`` and ``--no-x`` (``BooleanArgument``); a member
     whose own name starts with ``no-`` becomes ``--no-x`` / ``--no-no-x``.
  2. customizations/argrename.py: ``ARGUMENT_RENAMES`` (``<word>.<command|*>.<arg>`` ->
     new name; also used on the ``no-`` half of a boolean: ec2 ``--no-no-reboot`` ->
     ``--reboot``) and ``HIDDEN_ALIASES`` (extra undocumented names); ec2's
     customizations/toplevelbool.py turns ``structure{Value: boolean}`` members into
     ``--x`` / ``--no-x``; per-operation customizations (``cli_customizations.json``, each
     entry names its awscli source file) delete, replace or add arguments, e.g. ec2
     run-instances ``--count`` instead of ``MinCount``/``MaxCount``, ses send-email
     ``Source`` -> ``--from``, lambda create-function ``Code.ZipFile`` -> ``--zip-file``.
  3. customizations/paginate.py, for operations with a paginator: the input tokens and
     ``limit_key`` stay accepted but undocumented (using one turns auto-pagination off),
     ``--starting-token``, ``--max-items`` and (with a limit key) ``--page-size`` are
     added and *shadow* a member of the same name (iam ``MaxItems``: ``--max-items`` is
     the CLI's cap, the member is sent by ``--page-size``, or by ``--max-items`` after
     ``--no-paginate``). customizations/streamingoutputarg.py adds the positional
     ``outfile`` for streaming-blob output (s3 select-object-content too:
     customizations/s3events.py); customizations/cliinputjson.py and
     generatecliskeleton.py add ``--cli-input-json`` / ``--generate-cli-skeleton`` unless
     the table has an ``outfile``.
* Global options (awscli/data/cli.json + ``--version``) are parsed first by the main parser
  over the *whole* command line with argparse abbreviations on: an operation option equal
  to a global one, or a strict prefix of exactly one (``--reg`` = ``--region``), is eaten by
  the main parser (``--version`` prints the version and exits 0); a prefix of several
  (``--no``) is an "ambiguous option" error. The CLI's renames avoid all clashes in its own
  model; :func:`global_option_clash` finds new ones (botocore 1.44.8: opensearchmemory
  SearchEvents/SearchMemories ``query``, rtbfabric GetAvailableModuleVersion ``version``).
* Removed commands: customizations/removals.py (mostly event streams) and commands taken
  over by custom code (emr describe-cluster, logs start-live-tail, ...), rds
  ``ModifyOptionGroup`` split into two commands (customizations/rds.py). An event-stream
  output the CLI did not remove (healthlake UpdateProfileWithAgent) fails at output time:
  awscli/utils.py ``json_encoder`` raises on the ``EventStream`` object.

Values (v1; verified by running awscli 1.46.3 with a ``before-call`` hook)
-------------------------------------------------------------------------
* Order of processing for one top-level argument: ``load-cli-arg`` (awscli/paramfile.py)
  first - a whole value starting with ``file://`` (text), ``fileb://`` (bytes), ``http://``
  or ``https://`` (GET; v1 only, off with ``cli_follow_urlparam = false``) is replaced by that
  content, except for the arguments in ``PARAMFILE_DISABLED`` (``cli_paramfile_disabled.json``,
  keyed by the endpoint prefix as aliased by botocore's ``EVENT_ALIASES``). A list argument
  is checked only when it has exactly one element, and the fetched text is then parsed as
  the list (JSON ``[...]``; other text is split into characters). Values nested inside
  JSON or shorthand are never fetched, except shorthand ``key@=file://...``.
* Then ``process-cli-arg`` (awscli/argprocess.py ``ParamShorthandParser``): shorthand is
  tried only if the argument's shape is a structure, a map, or a list of
  structures/lists/maps, is not a document (or list/map of documents), and the value does
  not start (after whitespace) with ``[`` or ``{`` (:func:`shorthand_ok`). Otherwise
  ``unpack_cli_arg``: documents and ``jsonvalue``
  headers must be JSON (any JSON value: ``'"text"'``, ``5``, ``'{...}'``); structures and
  maps must be JSON if not shorthand; ints use ``int()`` (no ``1e3``), floats ``float()``.
* Shorthand syntax (awscli/shorthand.py): ``k=v,k2=v2``; lists ``k=a,b`` or ``k=[a,b]``;
  nested ``k={a=b}`` and ``k=[{a=b},{a=c}]``; keys only ``[A-Za-z0-9_.#/:-]`` (so map keys
  with other characters need JSON); a value is cut at ``,`` and trailing blanks are
  dropped unless single- or double-quoted (``k='a,b'``); ``\\,`` escapes a comma; booleans
  only ``true``/``false``; numbers are converted by the model. Any document value inside a
  shorthand raises "Shorthand syntax does not support document types" - use JSON for the
  whole top-level argument. :func:`shorthand_scalar_ok` says when a string needs no quoting.
  Old-style lists (``cli_shorthand_old_list_case.json``: elb ``--instances``, firehose
  ``--records``, workspaces ``--*-requests``) take bare values (``--instances i-1 i-2``);
  there ``InstanceId=i-1`` is sent literally - use the bare form or JSON.
* Lists of scalars (``ListArgument``, ``nargs='*'``): ``--ids a b c``, one shell word per
  element (spaces inside a word are fine), or one JSON word ``'["a","b"]'`` (a single element
  starting with ``[`` is always parsed as JSON). Lists of structures: one shorthand or JSON
  object per word, or one JSON array. An element starting with ``-`` cannot be a bare word;
  use ``--ids=-a`` (one element) or the JSON form. Put the positional ``outfile`` before a
  list option, or it is swallowed by ``nargs='*'``.
* Any value starting with ``-`` (that is not a negative number like ``-5`` / ``-1.5`` and
  has no space) must be attached: ``--name=-value``; the ``=`` form also stops the main
  parser from reading a value such as ``--region`` as its own option.
* Booleans: top-level ``--flag`` / ``--no-flag`` only (``--flag false`` is an error);
  ec2 ``structure{Value}`` booleans also accept ``--flag Value=false``.
* Blobs, v1: top-level non-streaming blob - the text's UTF-8 bytes (``hello`` is sent as
  base64 ``aGVsbG8=`` in JSON protocols, raw in a REST payload), ``fileb://path`` sends the
  file's bytes, ``file://`` its text. Nested blobs (shorthand or JSON) - also the text's
  UTF-8 bytes, botocore base64-encodes them; raw bytes only via shorthand
  ``Data@=fileb://path`` or a hoisted option (:func:`hoisted_option`, e.g. rekognition
  ``--image-bytes fileb://x.png``). Streaming input blobs (s3 put-object ``--body``) take a
  plain file path (``fileb://`` is an error: "Blob values must be a path to a file").
  ``--cli-input-json`` takes strings literally, so it cannot carry arbitrary bytes.
* Blobs, v2 (aws-cli v2 awscli/customizations/binaryformat.py: ``cli_binary_format``,
  default ``base64``, registers ``Base64DecodeVisitor`` on ``provide-client-params``): every
  blob that arrives as text - top-level, nested, read with ``file://`` or from
  ``--cli-input-json`` - must be base64 and is decoded; ``fileb://`` bytes and streaming
  file paths are untouched; ``--cli-binary-format raw-in-base64-out`` gives v1 behaviour.
* Timestamps (botocore.utils ``parse_timestamp``): a number (also ``1700000000.5``) is epoch
  seconds; anything else goes through ``dateutil.parser.parse`` (ISO 8601 ``2024-01-01``,
  ``2024-01-01T10:00:00Z``, RFC 822 ``Mon, 01 Jan 2024 10:00:00 GMT``, even ``Jan 1 2024``);
  no zone means UTC. Same rules nested in shorthand/JSON.
* Idempotency tokens are not required (clidriver marks them optional; botocore fills them).
* Quoting for the shell: single-quote with ``shlex.quote``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from botocore import xform_name  # type: ignore[import-untyped, unused-ignore]
from botocore.model import (  # type: ignore[import-untyped, unused-ignore]
    ServiceModel,
)

from generator.caches import per_service
from generator.model.load import (  # one loader: a model lowering read is not decoded again
    load_raw,
    loader,
)

MemberKind = Literal["value", "boolean", "boolean-structure", "custom", "none"]
ValueStyle = Literal[
    "flag", "scalar", "scalar-list", "shorthand-or-json", "json", "file-path", "blob"
]

SCALAR_TYPES = frozenset(
    {"string", "integer", "long", "float", "double", "boolean", "timestamp", "blob"}
)
_PAGE_ARGS = ("starting-token", "page-size", "max-items")


@dataclass(frozen=True)
class CliMemberOption:
    """How one top-level input member is written on the ``aws`` command line.

    ``option`` is the argument bound to the member (``--kubernetes-version``), ``None`` when
    the CLI has none or a pagination argument shadows it. ``negative`` is the ``--no-``
    form of a boolean. ``documented`` is False for pagination tokens (accepted, hidden).
    ``aliases`` are hidden extra names. ``set_via`` names the option that sends the member
    when it is a paginator's limit key (``--page-size``) or input token
    (``--starting-token``). ``global_clash`` is the global option that would swallow
    ``option``. ``source`` names the awscli file that decided the name.
    """

    member: str
    option: str | None
    negative: str | None = None
    documented: bool = True
    aliases: tuple[str, ...] = ()
    kind: MemberKind = "value"
    shadowed_by: str | None = None
    set_via: str | None = None
    global_clash: str | None = None
    source: str = "awscli/clidriver.py"
    note: str | None = None


# ----------------------------------------------------------------------------- data


@cache
def data_table(name: str) -> dict[str, Any]:
    text = (
        resources.files("generator.naming")
        .joinpath("data", f"cli_{name}.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def lookup(table: dict[str, Any], *keys: str) -> Any:
    node: Any = table
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


@per_service(maxsize=8)
def _service_model(service: str) -> Any:
    return ServiceModel(loader().load_service_model(service, "service-2"), service_name=service)


def _paginators(service: str) -> dict[str, Any]:
    return load_raw(service).paginators  # what lowering read, through the same loader


def operation_model(service: str, operation: str) -> Any:
    """The standalone botocore ``OperationModel`` (cached per service)."""
    return _service_model(service).operation_model(operation)


# ----------------------------------------------------------------------------- services


def service_word(service: str) -> str:
    """``s3`` -> ``s3api``: the word after ``aws`` for a botocore service name."""
    renamed = lookup(data_table("services"), "service_words", service, "word")
    return str(renamed) if renamed is not None else service


# ----------------------------------------------------------------------------- commands


def command_name(operation: str) -> str:
    """``ListWebACLs`` -> ``list-web-acls``: botocore's ``xform_name(op, '-')``."""
    return str(xform_name(operation, "-"))


def command_aliases(service: str, operation: str) -> tuple[str, ...]:
    """Hidden extra command names (cloudwatch ``get-o-tel-enrichment``)."""
    found = lookup(data_table("customizations"), "command_aliases", service, operation)
    return tuple(found or ())


def split_commands(service: str, operation: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Commands that each expose part of one operation: {command: {member: options}}.

    rds ``ModifyOptionGroup`` -> ``add-option-to-option-group`` (``OptionsToInclude`` as
    ``--options``) and ``remove-option-from-option-group`` (awscli/customizations/rds.py).
    """
    found = lookup(data_table("customizations"), "split_commands", service, operation) or {}
    return {cmd: {m: tuple(opts) for m, opts in members.items()} for cmd, members in found.items()}


# ----------------------------------------------------------------------------- options


@cache
def arg_handlers(word: str, scope: str) -> tuple[tuple[str, str, bool], ...]:
    """(original, new, is_hidden_alias) for ``building-argument-table.<word>.<scope>``.

    In the order awscli registers them: every ARGUMENT_RENAMES entry, then every
    HIDDEN_ALIASES entry (customizations/argrename.py ``register_arg_renames``).
    """
    tables = data_table("argument_renames")
    out: list[tuple[str, str, bool]] = []
    for table, hidden in ((tables["argument_renames"], False), (tables["hidden_aliases"], True)):
        for key, new in table.items():
            event, original = key.rsplit(".", 1)
            if event == f"{word}.{scope}":
                out.append((original, new, hidden))
    return tuple(out)


def _is_bool_structure(shape: Any) -> bool:
    """customizations/toplevelbool.py: ``structure{Value: boolean}`` (ec2 only)."""
    return bool(
        shape.type_name == "structure"
        and list(shape.members) == ["Value"]
        and shape.members["Value"].type_name == "boolean"
    )


@dataclass
class _Arg:
    member: str
    role: Literal["value", "positive", "negative"]
    documented: bool = True
    alias: bool = False


def _paginator(service: str, operation: str) -> dict[str, Any] | None:
    """The paginator the installed CLI uses: its model's, where it differs from ours."""
    drift = data_table("model_gaps")["paginators"].get(service, {})
    found = drift[operation] if operation in drift else _paginators(service).get(operation)
    return found if isinstance(found, dict) else None


def _pagination_tokens(config: dict[str, Any]) -> tuple[list[str], str | None]:
    tokens = config["input_token"]
    token_list = list(tokens) if isinstance(tokens, list) else [tokens]
    limit = config.get("limit_key")
    return token_list, (str(limit) if limit is not None else None)


@per_service(maxsize=4096)
def _argument_table(service: str, operation: str) -> tuple[dict[str, _Arg], tuple[str, ...]]:
    """Simulate ``ServiceOperation._create_argument_table`` plus the generic handlers.

    Returns the table (argument name -> binding) and the pagination arguments added.
    Per-operation customizations are applied afterwards from ``cli_customizations.json``.
    """
    om = operation_model(service, operation)
    word, cmd = service_word(service), command_name(operation)
    table: dict[str, _Arg] = {}
    members = om.input_shape.members if om.input_shape is not None else {}
    for member, shape in members.items():
        name = str(xform_name(member, "-"))
        if shape.type_name == "boolean":
            table[name] = _Arg(member, "positive")
            table["no-" + name] = _Arg(member, "negative")
        else:
            table[name] = _Arg(member, "value")
    if positional_outfile(om):
        table.pop("outfile", None)
    for scope in ("*", cmd):
        for original, new, hidden in arg_handlers(word, scope):
            if original not in table:
                continue
            if hidden:  # customizations/utils.py make_hidden_alias: an undocumented copy
                src = table[original]
                table[new] = _Arg(src.member, src.role, documented=False, alias=True)
            else:  # customizations/utils.py rename_argument
                table[new] = table.pop(original)
        if scope == "*" and word in data_table("services")["top_level_bool_services"]:
            for name, arg in list(table.items()):
                if arg.role == "value" and _is_bool_structure(members[arg.member]):
                    arg.role = "positive"
                    table["no-" + name] = _Arg(arg.member, "negative")
    page_args: tuple[str, ...] = ()
    config = _paginator(service, operation)
    if config is not None:
        tokens, limit = _pagination_tokens(config)
        for token in tokens + ([limit] if limit else []):
            name = str(xform_name(token, "-"))
            if name in table:
                table[name].documented = False
        page_args = ("starting-token",) + (("page-size",) if limit else ()) + ("max-items",)
        for name in page_args:
            table.pop(name, None)
    return table, page_args


def member_option(service: str, operation: str, member: str) -> CliMemberOption:
    """Everything about the option(s) that set ``member``; see :class:`CliMemberOption`."""
    om = operation_model(service, operation)
    if om.input_shape is None or member not in om.input_shape.members:
        raise KeyError(f"{service}.{operation} has no input member {member!r}")
    override = lookup(data_table("customizations"), "members", service, operation, member)
    if override is None:
        return generic_member_option(service, operation, member)
    return CliMemberOption(
        member=member,
        option=override.get("option"),
        negative=override.get("negative"),
        documented=override.get("documented", True),
        aliases=tuple(override.get("aliases", ())),
        kind=override.get("kind", "custom"),
        source=override["source"],
        note=override.get("note"),
        global_clash=_clash_or_none(override.get("option")),
    )


def generic_member_option(service: str, operation: str, member: str) -> CliMemberOption:
    """:func:`member_option` from the generic rules alone, ignoring per-operation
    customizations (used to derive ``cli_customizations.json``)."""
    om = operation_model(service, operation)
    table, page_args = _argument_table(service, operation)
    bound = [(name, arg) for name, arg in table.items() if arg.member == member]
    primary = [(n, a) for n, a in bound if a.role in ("value", "positive") and not a.alias]
    negative = [n for n, a in bound if a.role == "negative" and not a.alias]
    aliases = tuple(sorted("--" + n for n, a in bound if a.alias))
    shape = om.input_shape.members[member]
    kind: MemberKind = "value"
    if shape.type_name == "boolean":
        kind = "boolean"
    elif primary and primary[0][1].role == "positive":
        kind = "boolean-structure"
    base = str(xform_name(member, "-"))
    renamed = bool(aliases) or any(
        n != (base if a.role != "negative" else "no-" + base) for n, a in bound if not a.alias
    )
    source = "awscli/customizations/argrename.py" if renamed else "awscli/clidriver.py"
    if kind == "boolean-structure":
        source = "awscli/customizations/toplevelbool.py"
    shadowed_by = set_via = None
    config = _paginator(service, operation)
    if config is not None:
        tokens, limit = _pagination_tokens(config)
        if base in page_args and not primary:
            shadowed_by = "--" + base
        if member == limit:
            set_via = "--page-size"
        elif member in tokens:
            set_via = "--starting-token"
        if shadowed_by or set_via:
            source = "awscli/customizations/paginate.py"
    option = "--" + primary[0][0] if primary else None
    return CliMemberOption(
        member=member,
        option=option,
        negative="--" + negative[0] if negative else None,
        documented=primary[0][1].documented if primary else True,
        aliases=aliases,
        kind=kind if option is not None or shadowed_by else "none",
        shadowed_by=shadowed_by,
        set_via=set_via,
        global_clash=_clash_or_none(option),
        source=source,
    )


def option_name(service: str, operation: str, member: str) -> str | None:
    """``--kubernetes-version``: the option that sets the member, None if there is none.

    None also when a pagination argument shadows the member (see ``set_via``) or when a
    global option would swallow it.
    """
    mo = member_option(service, operation, member)
    return None if mo.global_clash else mo.option


def boolean_options(service: str, operation: str, member: str) -> tuple[str, str] | None:
    """(``--reboot``-style positive, ``--no-reboot``-style negative) for a boolean member."""
    mo = member_option(service, operation, member)
    if mo.option is None or mo.negative is None:
        return None
    return mo.option, mo.negative


def hidden_aliases(service: str, operation: str, member: str) -> tuple[str, ...]:
    """Undocumented extra option names (argrename.py ``HIDDEN_ALIASES``)."""
    return member_option(service, operation, member).aliases


def extra_options(service: str, operation: str) -> tuple[str, ...]:
    """Options a customization adds that are bound to no single member (``--count``)."""
    found = lookup(data_table("customizations"), "extra_options", service, operation)
    return tuple(sorted("--" + n for n in (found or {})))


def hoisted_option(service: str, operation: str, path: tuple[str, ...]) -> str | None:
    """Top-level option for a nested blob: (``Image``, ``Bytes``) -> ``--image-bytes``."""
    found = lookup(data_table("customizations"), "hoists", service, operation, ".".join(path))
    return None if found is None else "--" + str(found)


def pagination_options(service: str, operation: str) -> tuple[str, ...]:
    """``--starting-token``, ``--page-size`` (with a limit key), ``--max-items`` or ()."""
    if _paginator(service, operation) is None:
        return ()
    return tuple("--" + n for n in _argument_table(service, operation)[1])


def positional_outfile(operation: Any) -> bool:
    """True if the command takes a positional ``outfile`` (streaming output).

    ``operation`` is a standalone-botocore ``OperationModel``.
    """
    special = data_table("services")["event_stream_outfile"]
    service = operation.service_model.service_name
    return bool(operation.has_streaming_output) or operation.name in special.get(service, [])


def cli_input_json_supported(operation: Any) -> bool:
    """``--cli-input-json``/``--generate-cli-skeleton`` exist unless an ``outfile`` does."""
    if positional_outfile(operation):
        return False
    service = operation.service_model.service_name
    return "--outfile" not in extra_options(service, operation.name)


def paramfile_disabled(service: str, operation: str, member: str) -> bool:
    """True if ``file://``/``fileb://``/``http(s)://`` values are sent literally.

    From awscli/paramfile.py ``PARAMFILE_DISABLED`` (resolved to model names).
    """
    resolved = data_table("paramfile_disabled")["resolved"]
    return member in resolved.get(service, {}).get(operation, [])


def old_list_case(service: str, operation: str, member: str) -> bool:
    """True for the few list-of-one-key-structure arguments that take bare values."""
    resolved = data_table("shorthand_old_list_case")["resolved"]
    return member in resolved.get(service, {}).get(operation, [])


@lru_cache(maxsize=1)
def global_options() -> tuple[str, ...]:
    """The main parser's options (awscli/data/cli.json plus ``--version``)."""
    return tuple("--" + o for o in data_table("services")["global_options"])


def _clash_or_none(option: str | None) -> str | None:
    return None if option is None else global_option_clash(option)


def global_option_clash(option: str) -> str | None:
    """The global option(s) that the main parser would match for ``option``, or None.

    Exact matches and argparse abbreviations both count (``--reg`` -> ``--region``);
    an ambiguous prefix returns all candidates joined by ``|``.
    """
    if option in global_options():
        return option
    hits = [g for g in global_options() if g.startswith(option)]
    return "|".join(hits) if hits else None


# ----------------------------------------------------------------------------- scenarios


def scenario_variable(words: str) -> str:
    """``table_name``: a shell variable for a scenario value whose words are ``table-name``."""
    text = re.sub(r"\W", "_", words.replace("-", "_"))
    return "value_" + text if not text or text[0].isdigit() else text


def scenario_file(resource: str) -> str:
    """``dataset-group-basics.sh``: a scenario script's file name."""
    return f"{resource}-basics.sh"


def waiter_command(waiter: str) -> str:
    """``table-exists``: the ``aws SERVICE wait`` subcommand of a botocore waiter
    (awscli/customizations/waiters.py: ``xform_name(name, '-')``)."""
    return str(xform_name(waiter, "-"))


_JMESPATH_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def query_path(path: tuple[str, ...]) -> str:
    """A member path as a ``--query`` (JMESPath) expression: ``TableDescription.TableName``,
    ``Roles[].RoleName``; a name JMESPath cannot take bare is quoted."""
    out = ""
    for part in path:
        if part == "[]":
            out += "[]"
            continue
        name = part if _JMESPATH_NAME.match(part) else json.dumps(part)
        out += ("." if out else "") + name
    return out


__all__ = [
    "query_path",
    "scenario_file",
    "scenario_variable",
    "waiter_command",
    "CliMemberOption",
    "boolean_options",
    "cli_input_json_supported",
    "command_aliases",
    "data_table",
    "lookup",
    "command_name",
    "extra_options",
    "generic_member_option",
    "global_option_clash",
    "global_options",
    "hidden_aliases",
    "hoisted_option",
    "member_option",
    "old_list_case",
    "operation_model",
    "option_name",
    "pagination_options",
    "paramfile_disabled",
    "positional_outfile",
    "service_word",
    "split_commands",
]
