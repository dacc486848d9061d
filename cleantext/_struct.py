"""A small stand-in for the part of ``dataclasses`` cleantext uses.

``dataclasses`` imports ``inspect``, which alone costs a plain ``cleantext < in > out`` run
about 8 ms of its start-up (pipes and hooks start it thousands of times). This gives the same
constructor (positional or keyword, defaults, default factories), ``==``, ``repr`` and
``replace`` for classes declared with annotations, and a compact pickle.
"""
from __future__ import annotations

_MISSING = object()


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


def field(*, default_factory):
    """A field whose default is made fresh for each instance (``field(default_factory=list)``)."""
    return _Factory(default_factory)


def dataclass(cls=None, *, frozen: bool = False):
    """Give ``cls`` an ``__init__`` over its annotated fields, ``__eq__``, ``__repr__``."""

    def wrap(cls):
        names = [n for base in reversed(cls.__mro__) for n in base.__dict__.get("__annotations__", {})]
        names = list(dict.fromkeys(names))
        defaults = {n: cls.__dict__.get(n, _MISSING) for n in names}

        def __init__(self, *args, **kwargs):
            if len(args) > len(names):
                raise TypeError(f"{cls.__name__} takes at most {len(names)} arguments")
            values = dict(zip(names, args))
            for key, value in kwargs.items():
                if key not in defaults or key in values:
                    raise TypeError(f"{cls.__name__}: bad or repeated argument {key!r}")
                values[key] = value
            for name in names:
                if name not in values:
                    default = defaults[name]
                    if default is _MISSING:
                        raise TypeError(f"{cls.__name__}: missing argument {name!r}")
                    values[name] = default.make() if isinstance(default, _Factory) else default
            self.__dict__.update(values)

        fast = _compiled_init(cls.__name__, names, defaults)
        if fast is not None:
            __init__ = fast

        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, n) == getattr(other, n) for n in names)

        def __repr__(self):
            return f"{cls.__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

        def __reduce__(self):
            # Outcomes cross the process pool by the thousand: the field values as one tuple
            # load about 1.6x faster than the generic pickled instance dict.
            return cls, tuple([getattr(self, n) for n in names])

        for name, default in defaults.items():
            if isinstance(default, _Factory):
                delattr(cls, name)
        cls.__init__, cls.__eq__, cls.__repr__, cls.__reduce__ = __init__, __eq__, __repr__, __reduce__
        cls.__hash__ = None
        cls.__struct_fields__ = tuple(names)
        return cls

    return wrap if cls is None else wrap(cls)


def _compiled_init(name: str, names: list[str], defaults: dict):
    """The same constructor as source code (as ``dataclasses`` does it): several times faster
    than the generic one, which matters for the few objects made per file in a batch. None
    when a field without a default follows one with a default (the generic one then serves)."""
    params, body, env = [], [], {"_MISSING": _MISSING}
    seen_default = False
    for field_name in names:
        default = defaults[field_name]
        if default is _MISSING:
            if seen_default:
                return None
            params.append(field_name)
            body.append(f"    self.{field_name} = {field_name}")
            continue
        seen_default = True
        env[f"_d_{field_name}"] = default
        if isinstance(default, _Factory):
            params.append(f"{field_name}=_MISSING")
            body.append(f"    self.{field_name} = _d_{field_name}.make() if {field_name} is _MISSING else {field_name}")
        else:
            params.append(f"{field_name}=_d_{field_name}")
            body.append(f"    self.{field_name} = {field_name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(compile(source, f"<{name}.__init__>", "exec"), env)
    return env["__init__"]


def replace(obj, **changes):
    """A copy of ``obj`` with some fields changed."""
    values = {n: getattr(obj, n) for n in obj.__struct_fields__}
    values.update(changes)
    return obj.__class__(**values)
