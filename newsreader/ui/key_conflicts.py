"""Keys that two bindings would share once the config's [keys] are applied.

Of two bindings of one part of the screen for the same key only one ever runs, and the focused
widget's bindings run before the app's (except the app's priority ones, which run first): a
binding would silently never fire. Each such clash that the user's keys bring about is
reported, naming both binding ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class KeyConflict:
    """`key`, given to `binding_id` by the user, is `other_id`'s too; `how` says which runs."""

    key: str
    binding_id: str
    other_id: str
    how: str

    def __str__(self) -> str:
        return (
            f"keys.{self.binding_id}: {self.key!r} is also the key of {self.other_id!r}; "
            f"{self.how}. Give one of them another key"
        )


def _keys(binding: Binding, overrides: Mapping[str, str]) -> list[str]:
    keys = overrides.get(binding.id or "", binding.key)
    return [key.strip() for key in keys.split(",") if key.strip()]


def key_conflicts(
    app_bindings: Sequence[Binding],
    widget_bindings: Mapping[str, Sequence[Binding]],
    overrides: Mapping[str, str],
) -> list[KeyConflict]:
    """Clashes involving a binding whose keys `overrides` changes (binding id -> keys).

    `app_bindings` work anywhere; `widget_bindings` (by the name of the part of the screen)
    where that part has the focus.
    """
    conflicts: list[KeyConflict] = []
    scopes = [("anywhere", app_bindings), *widget_bindings.items()]
    for scope, bindings in scopes:
        owner: dict[str, Binding] = {}
        for binding in bindings:
            for key in _keys(binding, overrides):
                other = owner.setdefault(key, binding)
                if other.id == binding.id:
                    continue
                if binding.id in overrides:
                    changed, kept = binding, other
                elif other.id in overrides:
                    changed, kept = other, binding
                else:
                    continue
                how = f"only one of them runs ({scope})"
                conflicts.append(KeyConflict(key, changed.id or "", kept.id or "", how))
    anywhere = {key: binding for binding in app_bindings for key in _keys(binding, overrides)}
    for scope, bindings in widget_bindings.items():
        for binding in bindings:
            for key in _keys(binding, overrides):
                app_binding = anywhere.get(key)
                if app_binding is None:
                    continue
                # Which of the two never runs while the widget has the focus.
                lost = binding if app_binding.priority else app_binding
                how = f"in the {scope}, {lost.id!r} never runs"
                if binding.id in overrides:
                    conflicts.append(KeyConflict(key, binding.id or "", app_binding.id or "", how))
                elif app_binding.id in overrides:
                    conflicts.append(KeyConflict(key, app_binding.id or "", binding.id or "", how))
    return conflicts
