"""Which modules start-up imports, where and in which order (see ``studio.ui.section_loader``).

``SECTION_PRELOAD`` and ``LATER_PRELOAD`` are imported on a worker: none of their modules (nor
what they import) loads Qt, as PySide builds a class's meta-object when the class is defined
and the GUI thread reads meta-objects without the interpreter lock (a test holds them to
that). ``SECTION_GUI_PRELOAD`` and ``LATER_GUI_PRELOAD`` are imported on the GUI thread, one
module per event-loop turn, each module after those it imports, so that no turn keeps the
window busy for long. :func:`load_furnishings` imports the window's own parts, on a turn of
their own before it is furnished.
"""

# What the section pages need before the shown page's own module. Imported on a worker:
# none of these (nor what they import) loads Qt — a test holds them to that.
SECTION_PRELOAD = (
    "studio.api",
    "studio.core.drafts",
    "studio.core.merge",
    "studio.core.validation",
    "studio.core.countries",
    "studio.store",
)
# Then on the GUI thread, a turn each, before the page's module: documents, the workspace,
# pictures (Qt modules: they define QObject subclasses).
SECTION_GUI_PRELOAD = (
    "studio.document",
    "studio.workspace",
    "studio.pictures",
)
# Imported with the other sections: Pillow for the image editor, the gallery's process pool
# and the kinds the publisher publishes (each registers itself; see
# studio.publish.kinds.KIND_MODULES), and the other modules of the sections and of
# publishing that load no Qt, on a worker ...
LATER_PRELOAD = (
    "studio.images",
    "concurrent.futures.process",
    "studio.publish.kinds",
    "studio.publish.items",
    "studio.publish.delivery",
    "studio.publish.application_kind",
    "studio.publish.pin_steps",
    "studio.publish.credits_kind",
    "studio.publish.backoff",
    "studio.publish.commands",
    "studio.publish.legacy",
    "difflib",
    "html.entities",
    "ctypes",
    "studio.ui.images.plan",
    "studio.ui.gallery.items",
    "studio.ui.gallery.jobs",
    "studio.ui.gallery.pool",
    "studio.ui.gallery.scan",
    "studio.ui.gallery.summary",
    "studio.ui.credits.lookup",
    "studio.core.pin_catalog",
    "studio.core.application_checks",
    "studio.core.filetypes",
)
# ... then the image editor, publishing's windows and the other sections' Qt modules on the
# GUI thread, a turn each, each module after those it imports: a package imported whole in
# one turn kept the GUI thread for 10-30 ms (the sections' pages follow, see start()).
LATER_GUI_PRELOAD = (
    # the image editor
    "studio.ui.preview.header_layout",
    "studio.ui.images.safe_areas",
    "studio.ui.images.crop_view",
    "studio.ui.images.findings",
    "studio.ui.images.window_fit",
    "studio.ui.images.work",
    "studio.ui.images.dialog",
    # publishing
    "studio.publish.loop",
    "studio.publish.waiting",
    "studio.publish.runner",
    "studio.ui.models.outbox",
    "studio.ui.publish.render",
    "studio.ui.publish.conflicts",
    "studio.ui.publish.reauth",
    "studio.ui.publish.thumbs",
    "studio.ui.publish.review",
    "studio.ui.publish.publisher",
    "studio.ui.publish.indicator",
    "studio.ui.publish.install",
    # the gallery
    "studio.ui.gallery.edit",
    "studio.ui.gallery.work",
    "studio.ui.gallery.importer",
    "studio.ui.gallery.model",
    "studio.ui.gallery.delegate",
    "studio.ui.gallery.view",
    "studio.ui.gallery.adding",
    "studio.ui.gallery.viewer",
    "studio.ui.gallery.one_picture",
    # the credits
    "studio.ui.credits.roles",
    "studio.ui.credits.manage",
    "studio.ui.credits.album",
    "studio.ui.credits.search",
    "studio.ui.credits.actions",
    "studio.ui.credits.model",
    "studio.ui.credits.delegate",
    "studio.ui.credits.edits",
    "studio.ui.credits.pills",
    "studio.ui.credits.view",
    # the pinned track
    "studio.ui.preview.cards",
    "studio.ui.pinned.card",
    "studio.ui.pinned.loader",
    "studio.ui.pinned.model",
    "studio.ui.pinned.picker",
    # the Producer Program's applications
    "studio.ui.applications.draft_checks",
    "studio.ui.applications.widgets",
    "studio.ui.applications.timeline",
    "studio.ui.applications.home",
    "studio.ui.applications.messages",
    "studio.ui.applications.state",
    "studio.ui.applications.sending",
    "studio.ui.applications.attachment_work",
    "studio.ui.applications.attachments",
    "studio.ui.applications.claim_search",
    "studio.ui.applications.steps",
    "studio.ui.applications.verify",
    "studio.ui.applications.checklist",
    "studio.ui.applications.wizard",
)


def load_furnishings() -> None:
    """Import what ``MainWindow.furnish`` builds the window from (idempotent; at start-up on a
    turn of its own, see ``studio.app``)."""
    import studio.ui.applications.sandbox_menu
    import studio.ui.notice_bar
    import studio.ui.sections
    import studio.ui.state_page
    import studio.ui.status
    import studio.ui.window_actions  # noqa: F401
