# Per-class field plans and the record of which fields were set, for the
# pydantic 2 model API (``model_fields_set`` and ``exclude_unset``, as
# pydantic 2 defines them and botocraft 0.36.0 runs them).
#
# A plan lists a Struct's fields in the order ``model_dump`` writes them:
# a typed event's ``detail_type`` (its msgspec tag) comes first, then the
# fields, sorted by the envelope order of the class's ``__schema__`` (a
# :class:`~eventbridge_structs._envelope.SchemaInfo`). The fields-set record
# is written only by compat's validating paths, into the instance
# ``__dict__`` of Structs declared with ``dict=True`` (the primary classes);
# a Struct without one reports as set its required fields and those that
# differ from their defaults.
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import msgspec
import msgspec.inspect as mi

__all__ = [
    "FIELDS_SET_KEY",
    "Field",
    "Plan",
    "Tree",
    "default_of",
    "derived_tree",
    "fields_set_tree",
    "is_mapping",
    "plan_of",
    "remember",
    "struct_info",
    "tree_of",
]

#: The instance ``__dict__`` key holding the fields-set tree of a Struct
#: declared with ``dict=True``.
FIELDS_SET_KEY = "__pydantic_fields_set__"

#: A fields-set tree: the Python names set on a Struct, and the trees of
#: its Struct-valued fields (a tree, a list of trees for a list, a dict of
#: trees for a dict).
Tree = tuple[frozenset[str], dict[str, Any]]

_NODEFAULT: Any = msgspec.NODEFAULT


class Field(NamedTuple):
    """One field of a plan.

    Attributes
    ----------
    name : str
        The Python name (``detail_type`` for a typed event's tag).
    alias : str
        The JSON name.
    required : bool
        Whether the field has no default.
    default, factory : Any
        The default value or factory (``msgspec.NODEFAULT`` when none).
    tag : str or None
        For the ``detail-type`` of a tagged event: the class tag (the value).
    """

    name: str
    alias: str
    required: bool
    default: Any
    factory: Any
    tag: str | None


class Plan(NamedTuple):
    """A Struct class's fields as the model API sees them.

    Attributes
    ----------
    fields : tuple of Field
        In dump order.
    by_alias : dict
        JSON name -> Python name, the tag's included.
    names : frozenset of str
        Python names of the real Struct fields.
    required : frozenset of str
        Python names of the required fields (the tag's included).
    """

    fields: tuple[Field, ...]
    by_alias: dict[str, str]
    names: frozenset[str]
    required: frozenset[str]


_PLANS: dict[type[Any], Plan] = {}


def _order(cls: type[Any]) -> tuple[str, ...] | None:
    """The documented envelope order: the ``order`` of the nearest
    ``__schema__`` in the MRO that sets one."""
    for klass in cls.__mro__:
        info = vars(klass).get("__schema__")
        order = getattr(info, "order", None)
        if order is not None:
            return tuple(order)
    return None


def plan_of(cls: type[Any]) -> Plan:
    """The (cached) plan of the Struct class ``cls``."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _build_plan(cls)
    return plan


def _build_plan(cls: type[Any]) -> Plan:
    fields = [
        Field(f.name, f.encode_name, f.required, f.default, f.default_factory, None)
        for f in msgspec.structs.fields(cls)
    ]
    names = frozenset(f.name for f in fields)
    config = cls.__struct_config__
    if isinstance(config.tag, str) and config.tag_field is not None:
        fields.insert(
            0,
            Field(
                config.tag_field.replace("-", "_"),
                config.tag_field,
                True,
                _NODEFAULT,
                _NODEFAULT,
                config.tag,
            ),
        )
    order = _order(cls)
    if order:
        rank = {alias: i for i, alias in enumerate(order)}
        fields.sort(key=lambda f: rank.get(f.alias, len(rank)))
    return Plan(
        tuple(fields),
        {f.alias: f.name for f in fields},
        names,
        frozenset(f.name for f in fields if f.required),
    )


def default_of(field: Field) -> Any:
    """The default value of an optional field (a fresh one from a factory)."""
    if field.factory is not _NODEFAULT:
        return field.factory()
    return field.default


def is_mapping(value: Any) -> bool:
    """Whether ``value`` is a mapping (a dict, nearly always, checked first
    without the ABC's cost)."""
    return type(value) is dict or isinstance(value, Mapping)


_INFOS: dict[type[Any], mi.StructType] = {}


def struct_info(cls: type[Any]) -> mi.StructType:
    """The (cached) ``msgspec.inspect`` description of a Struct class."""
    info = _INFOS.get(cls)
    if info is None:
        found = mi.type_info(cls)
        if not isinstance(found, mi.StructType):
            raise TypeError(f"expected a msgspec Struct class, got {cls!r}")
        info = _INFOS[cls] = found
    return info


# --- Fields set --------------------------------------------------------------------


def derived_tree(obj: Any) -> Tree:
    """The fields set of a Struct with no record: required fields, and
    fields whose value differs from the default."""
    plan = plan_of(type(obj))
    names = set(plan.required)
    for f in plan.fields:
        if not f.required and f.tag is None:
            try:
                if getattr(obj, f.name) != default_of(f):
                    names.add(f.name)
            except Exception:  # an uncomparable value counts as set
                names.add(f.name)
    return frozenset(names), {}


def tree_of(obj: Any) -> Tree:
    """The recorded fields-set tree of ``obj``, else the derived one."""
    state = getattr(obj, "__dict__", None)
    if state is not None:
        tree = state.get(FIELDS_SET_KEY)
        if tree is not None:
            return tree  # type: ignore[no-any-return]
    return derived_tree(obj)


#: Builds the fields-set tree of a value from its document, or None.
_Builder = Callable[[Any], Any]

#: Per Struct class: (JSON name -> Python name, builders of the fields whose
#: type holds a Struct).
_TREE_PLANS: dict[type[Any], tuple[dict[str, str], tuple[Any, ...]]] = {}


def _builder(t: mi.Type) -> _Builder | None:
    """The tree builder for values of type ``t``; None when ``t`` holds no
    Struct (most fields: nothing to record below them)."""
    while isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.StructType):
        cls = t.cls
        return lambda doc: _struct_tree(cls, doc) if is_mapping(doc) else None
    if isinstance(t, mi.UnionType):
        options = [b for b in map(_builder, t.types) if b is not None]
        if not options:
            return None

        def union(doc: Any) -> Any:
            for option in options:
                found = option(doc)
                if found is not None:
                    return found
            return None

        return union
    if isinstance(t, (mi.ListType, mi.VarTupleType, mi.SetType, mi.FrozenSetType)):
        item = _builder(t.item_type)
        if item is None:
            return None

        def items(doc: Any) -> Any:
            if not isinstance(doc, (list, tuple)):
                return None
            found = [item(x) for x in doc]
            return found if any(x is not None for x in found) else None

        return items
    if isinstance(t, mi.DictType):
        value = _builder(t.value_type)
        if value is None:
            return None

        def values(doc: Any) -> Any:
            if not is_mapping(doc):
                return None
            found = {k: value(v) for k, v in doc.items()}
            return {k: v for k, v in found.items() if v is not None} or None

        return values
    return None


def _struct_tree(cls: type[Any], doc: Mapping[str, Any]) -> Tree:
    plan = _TREE_PLANS.get(cls)
    if plan is None:
        info = struct_info(cls)
        builders = []
        for f in info.fields:
            built = _builder(f.type)
            if built is not None:
                builders.append((f.encode_name, f.name, built))
        names_of = {f.encode_name: f.name for f in info.fields}
        if info.tag_field is not None:
            names_of[info.tag_field] = info.tag_field.replace("-", "_")
        plan = _TREE_PLANS[cls] = (names_of, tuple(builders))
    names_of, nested = plan
    names = frozenset([names_of[k] for k in doc if k in names_of])
    children: dict[str, Any] = {}
    for alias, name, built in nested:
        if alias in doc:
            child = built(doc[alias])
            if child is not None:
                children[name] = child
    return names, children


def fields_set_tree(cls: type[Any], doc: Any) -> Tree | None:
    """The fields-set tree of a ``cls`` instance validated from ``doc``
    (JSON names), or None when ``doc`` is not a mapping."""
    if not is_mapping(doc):
        return None
    return _struct_tree(cls, doc)


def remember(obj: Any, tree: Tree | None, extra: Mapping[str, Any]) -> None:
    """Record the fields set (and extra attributes such as ``session``) in
    the instance ``__dict__``, when the Struct has one."""
    state = getattr(obj, "__dict__", None)
    if state is None:
        return
    if tree is None:
        tree = derived_tree(obj)
    if extra:
        state.update(extra)
        tree = (tree[0] | extra.keys(), tree[1])
    state[FIELDS_SET_KEY] = tree
