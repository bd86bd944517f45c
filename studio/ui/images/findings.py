"""The list of findings (blocks upload / warning / note), each with its one-click fix, and
the "What will be removed" box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.images import Finding, Severity

SEVERITY_TEXT = {
    Severity.BLOCKS: "Blocks upload",
    Severity.WARNING: "Warning",
    Severity.INFO: "Note",
}
SEVERITY_STYLE = {
    Severity.BLOCKS: "background:#c62828;color:white;",
    Severity.WARNING: "background:#f9a825;color:black;",
    Severity.INFO: "background: palette(midlight); color: palette(window-text);",
}


class FindingRow(QWidget):
    def __init__(self, finding: Finding, fix_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        tag = QLabel(SEVERITY_TEXT[finding.severity])
        style = SEVERITY_STYLE[finding.severity]
        tag.setStyleSheet(f"QLabel {{ {style} border-radius: 3px; padding: 1px 5px; }}")
        tag.setAlignment(Qt.AlignmentFlag.AlignTop)
        tag.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.text = QLabel(finding.message)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(f"{SEVERITY_TEXT[finding.severity]}: {finding.message}")
        row.addWidget(tag, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.fix_button: QPushButton | None = None
        if fix_text:
            self.fix_button = QPushButton(fix_text)
            self.fix_button.setAccessibleName(f"{fix_text}: {finding.message}")
            row.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)


class FindingsPanel(QWidget):
    """Findings with fixes; ``fixRequested(fix)`` when a fix button is pressed."""

    fixRequested = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Checks")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Checks")
        title.setStyleSheet("font-weight:600;")
        layout.addWidget(title)
        self._rows_box = QVBoxLayout()
        layout.addLayout(self._rows_box)
        self.empty = QLabel("Choose a picture to check it.")
        self.empty.setWordWrap(True)
        self._rows_box.addWidget(self.empty)
        self.rows: list[FindingRow] = []
        self.removed_box = QGroupBox("What will be removed")
        removed_layout = QVBoxLayout(self.removed_box)
        self.removed = QLabel("")
        self.removed.setWordWrap(True)
        self.removed.setTextFormat(Qt.TextFormat.PlainText)
        self.removed.setAccessibleName("What will be removed")
        removed_layout.addWidget(self.removed)
        self.removed_box.hide()
        layout.addWidget(self.removed_box)
        layout.addStretch(1)

    def set_findings(self, findings: list[Finding], fix_texts: dict[str, str]) -> None:
        shown = [
            (row.finding, row.fix_button.text() if row.fix_button else "") for row in self.rows
        ]
        wanted = [(f, fix_texts.get(f.fix or "", "") if f.fix else "") for f in findings]
        if shown == wanted and self.rows:
            return  # the same checks: keep the rows (and the keyboard focus on them)
        for row in self.rows:
            self._rows_box.removeWidget(row)
            row.hide()  # gone at once, not only when the deferred delete runs
            row.deleteLater()
        self.rows = []
        self.empty.setVisible(not findings)
        if not findings:
            self.empty.setText("Everything looks good.")
        for finding in findings:
            text = fix_texts.get(finding.fix or "", "")
            row = FindingRow(finding, text, self)
            if row.fix_button is not None:
                fix = finding.fix or ""
                row.fix_button.clicked.connect(lambda _=False, f=fix: self.fixRequested.emit(f))
            self._rows_box.addWidget(row)
            self.rows.append(row)

    def set_empty_text(self, text: str) -> None:
        self.set_findings([], {})
        self.empty.setText(text)

    def set_removed(self, text: str | None) -> None:
        """The removal report; None hides the box (no usable picture)."""
        self.removed.setText(text or "")
        self.removed_box.setVisible(text is not None)

    def codes(self) -> list[str]:
        return [row.finding.code for row in self.rows]

    def fix_button(self, fix: str) -> QPushButton | None:
        for row in self.rows:
            if row.finding.fix == fix and row.fix_button is not None:
                return row.fix_button
        return None
