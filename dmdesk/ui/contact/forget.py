"""Contact pane → ⋯ → Forget …: a person's erasure. The question says exactly
what goes and that nothing brings it back; backups made before still hold them,
which the owner may replace with one made afterwards. The work runs on the
writer lane (services/forgetting.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import ForgetPreview, Forgotten, Platform
from dmdesk.services.undo import count_phrase
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast

TEXT_WIDTH = 420


def what_goes(preview: ForgetPreview) -> str:
    """ "2 conversations on Instagram and WhatsApp with 212 messages, 3 notes and
    1 file": what there is, nothing said of what there is none of."""
    parts = []
    if preview.conversations:
        platforms = _joined([_label(p) for p in preview.platforms])
        parts.append(
            count_phrase(preview.conversations, "conversation")
            + (f" on {platforms}" if platforms else "")
            + f" with {count_phrase(preview.messages, 'message')}"
        )
    for count, noun in ((preview.notes, "note"), (preview.tags, "tag"), (preview.files, "file")):
        if count:
            parts.append(count_phrase(count, noun))
    return _joined(parts) or "their name and details"


def _joined(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def _label(platform: str) -> str:
    try:
        return Platform(platform).label
    except ValueError:
        return platform


class ForgetDialog(QDialog):
    """Cancel is the default; "Forget for good" is red and must be chosen."""

    def __init__(self, preview: ForgetPreview, backups: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = one_line(preview.name, 60)
        self.setWindowTitle("Forget a person")  # the name only where it shows as text

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        heading = PlainLabel(f"Forget {name}?", self)
        heading.setObjectName("DialogHeading")
        platforms = _joined([_label(p) for p in preview.platforms]) or "the platforms"
        self.body = body = PlainLabel(
            f"DMDesk deletes everything it holds about {name} from this computer: "
            f"{what_goes(preview)}, and anything they wrote in group chats.\n\n"
            f"This cannot be undone. Nothing is deleted on {platforms} "
            f"{'itself' if len(preview.platforms) == 1 else 'themselves'}, and if "
            "they write again they come back as someone new.",
            self,
        )
        body.setWordWrap(True)
        # Wrapped words at a width of their own take the height they need.
        body.setFixedWidth(TEXT_WIDTH)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        words = QVBoxLayout()
        words.addWidget(heading)
        words.addWidget(body)
        top.addLayout(words, 1)
        layout.addLayout(top)
        layout.addSpacing(6)
        self.replace_backups = QCheckBox(self)
        if backups:
            aging = PlainLabel(
                f"The {count_phrase(backups, 'backup')} of this workspace made before "
                "still hold them, until newer ones take their place (one a day, the "
                f"newest {backups} kept).",
                self,
            )
            aging.setWordWrap(True)
            aging.setFixedWidth(TEXT_WIDTH + size + layout.spacing())
            aging.setObjectName("Muted")
            layout.addWidget(aging)
            self.replace_backups.setText("Replace those backups with one made afterwards")
            layout.addWidget(self.replace_backups)
        else:
            self.replace_backups.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.forget_button = QPushButton("Forget for good", self)
        self.forget_button.setObjectName("Destructive")
        self.forget_button.setAutoDefault(False)
        buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        self.forget_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def forget_person(
    parent: QWidget,
    tasks: TaskRunner,
    toast: Toast,
    contact_id: int,
    done: Callable[[Forgotten], None],
) -> None:
    """Ask, then forget; ``done`` gets what went (the window takes it off screen)."""

    def ask(found: tuple[ForgetPreview | None, int]) -> None:
        preview, backups = found
        if preview is None:
            return
        dialog = ForgetDialog(preview, backups, parent)
        if not dialog.exec():
            return
        replace = dialog.replace_backups.isChecked()
        toast.show_message(f"Forgetting {one_line(preview.name, 60)}…")

        def landed(forgotten: Forgotten | None) -> None:
            if forgotten is not None:
                done(forgotten)

        tasks.write(
            lambda s: s.forgetting.forget(contact_id, replace_backups=replace),
            landed,
            lambda error: toast.show_message(f"Could not forget them: {error}"),
        )

    tasks.write(lambda s: (s.forgetting.preview(contact_id), s.forgetting.backups()), ask)
