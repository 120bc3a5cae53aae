"""`prep optimize` as text and JSON: the metrics table, the verdict, the workload table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table

from prep.core.config import MIN_RETENTION
from prep.core.parameters import scope_name

if TYPE_CHECKING:
    from prep.services.optimize import OptimizeReport
    from prep.services.retention import RetentionAdvice

Json = dict[str, Any]


def _params(values: tuple[float, ...]) -> str:
    return ", ".join(f"{v:.4f}" for v in values)


def metrics_table(report: OptimizeReport) -> Table:
    table = Table(title=f"FSRS fit on {report.fitted_fit.reviews:,} reviews")
    table.add_column("parameters")
    table.add_column("log loss", justify="right")
    table.add_column("RMSE (bins)", justify="right")
    for name, fit in (
        (f"current ({report.current.source})", report.current_fit),
        ("fitted", report.fitted_fit),
    ):
        table.add_row(name, f"{fit.log_loss:.4f}", f"{fit.rmse_bins * 100:.2f}%")
    return table


def summary_lines(report: OptimizeReport) -> list[str]:
    """What the history held, and what was done with the fit."""
    h = report.history
    scope = scope_name(report.deck)
    lines = [
        f"{scope.capitalize()}: {h.reviews:,} reviews on {h.cards_with_reviews:,} cards. FSRS "
        f"trains on (and is scored on) the {h.training_reviews:,}",
        "that came a study day or more after the card's previous review.",
    ]
    if h.unreplayable:
        lines.append(
            f"{h.unreplayable:,} cards were left out: their log does not start at their first "
            "review."
        )
    lines.append(f"Fitted parameters: {_params(report.fitted)}")
    gain = report.current_fit.log_loss - report.fitted_fit.log_loss
    change = f"log loss {gain:.4f} lower" if gain > 0 else f"log loss {-gain:.4f} higher"
    if report.replaces_unusable and not report.dry_run:
        lines.append(
            f"The parameters stored for {scope} could not be read; the fitted ones replace them."
        )
    if not report.better and not report.replaces_unusable:
        lines.append(
            "Kept the current parameters: the fitted ones do not predict your reviews better "
            f"(log loss {report.fitted_fit.log_loss:.4f} vs {report.current_fit.log_loss:.4f})."
        )
    elif report.dry_run:
        lines.append(
            f"Dry run: the fitted parameters would be saved ({change}); nothing was saved. "
            "Run without --dry-run to save them and reschedule."
        )
    else:
        lines.append(
            f"Saved the fitted parameters for {scope} ({change}; settings key "
            f"{report.settings_key})."
        )
        if report.overridden:
            lines.append(
                "They are not used yet: [scheduling] parameters in config.toml take precedence; "
                "remove that line to schedule with the fitted ones."
            )
        else:
            lines.append(f"Rescheduled {report.rescheduled:,} cards with them.")
    return lines


def optimize_json(report: OptimizeReport) -> Json:
    h = report.history
    return {
        "deck": report.deck,
        "reviews": h.reviews,
        "cards": h.cards_with_reviews,
        "training_reviews": h.training_reviews,
        "skipped_cards": h.unreplayable,
        "current_source": report.current.source,
        "current_parameters": list(report.current.parameters),
        "current_log_loss": report.current_fit.log_loss,
        "current_rmse_bins": report.current_fit.rmse_bins,
        "fitted_parameters": list(report.fitted),
        "fitted_log_loss": report.fitted_fit.log_loss,
        "fitted_rmse_bins": report.fitted_fit.rmse_bins,
        "better": report.better,
        "dry_run": report.dry_run,
        "saved": report.saved,
        "settings_key": report.settings_key or None,
        "overridden_by_config": report.overridden,
        "rescheduled": report.rescheduled,
    }


def retention_table(advice: RetentionAdvice) -> Table:
    table = Table(title=f"A simulated year of {scope_name(advice.deck)} ({advice.cards:,} cards)")
    table.add_column("desired retention", justify="right")
    table.add_column("reviews/day", justify="right")
    table.add_column("new/day", justify="right")
    table.add_column("minutes/day", justify="right")
    table.add_column("remembered after a year", justify="right")
    table.add_column("")
    for w in advice.workloads:
        notes = []
        if w.retention == advice.suggested:
            notes.append("suggested")
        if w.retention == round(advice.current, 2):
            notes.append("current")
        table.add_row(
            f"{w.retention:.2f}",
            f"{w.reviews_per_day:.1f}",
            f"{w.new_per_day:.1f}",
            f"{w.minutes_per_day:.1f}",
            f"{w.remembered:,.0f}",
            ", ".join(notes),
        )
    return table


def retention_lines(advice: RetentionAdvice) -> list[str]:
    own = []
    if advice.mix.first_rating_prob is not None:
        own.append(f"your first ratings ({advice.mix.first_answers:,} cards)")
    if advice.mix.review_rating_prob is not None:
        own.append(f"your review ratings ({advice.mix.review_answers:,} reviews)")
    if advice.mix.seconds:
        own.append("your answer times")
    habits = ", ".join(own) if own else "FSRS's default rating habits and answer times"
    floor = " (the lowest the simulator tries)" if advice.suggested <= MIN_RETENTION else ""
    return [
        f"Parameters: {advice.parameters.source}. Simulated with {habits}, your daily limits "
        "and daily goal.",
        f"Suggested desired retention: {advice.suggested:.2f}{floor} — the least study time "
        f"per card remembered (yours is {advice.current:.2f}).",
        "Higher retention costs more reviews for more cards remembered; close to an interview "
        "you may prefer it.",
        f"To use it, set desired_retention = {advice.suggested:.2f} under [scheduling] in "
        "config.toml; prep optimize --retention changed nothing.",
    ]


def retention_json(advice: RetentionAdvice) -> list[Json]:
    return [
        {
            "deck": advice.deck,
            "desired_retention": w.retention,
            "reviews_per_day": w.reviews_per_day,
            "new_per_day": w.new_per_day,
            "minutes_per_day": w.minutes_per_day,
            "remembered": w.remembered,
            "suggested": w.retention == advice.suggested,
            "current": w.retention == round(advice.current, 2),
        }
        for w in advice.workloads
    ]
