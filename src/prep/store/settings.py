"""Settings prep writes itself (the settings table): fitted FSRS parameters, read and saved."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prep.core.parameters import Fitted, encode, settings_key
from prep.store.models import SettingRow
from prep.store.repo import to_db


def fitted_rows(session: Session) -> dict[str, str]:
    """Every stored fitted-parameters value by settings key: one small query."""
    from prep.store.reads import SessionReader, fitted_rows

    return fitted_rows(SessionReader(session))


def save_fitted(session: Session, fitted: Fitted, now: datetime) -> str:
    """Insert or replace the fitted parameters of `fitted.deck`; returns the settings key.

    A value it replaces is kept inside the new one, under `previous.replaced` (without its
    own `previous`, so the record stays one level deep).
    """
    key = settings_key(fitted.deck)
    row = session.scalars(select(SettingRow).where(SettingRow.key == key).with_for_update()).first()
    stamp = to_db(now)
    assert stamp is not None
    if row is None:
        session.add(SettingRow(key=key, value=encode(fitted), updated_at=stamp))
        return key
    try:
        replaced: Any = json.loads(row.value)
    except json.JSONDecodeError:
        replaced = row.value  # kept as it was, unreadable or not
    if isinstance(replaced, dict):
        replaced.pop("previous", None)
    previous = {**(fitted.previous or {}), "replaced": replaced}
    row.value = encode(replace(fitted, previous=previous))
    row.updated_at = stamp
    return key
