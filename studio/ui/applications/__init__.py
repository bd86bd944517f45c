"""The Applications section: the Producer Program wizard (Become / Claim / Verify), its
readiness checklist, the status timeline and the sandbox reviewer. The page is
:class:`studio.ui.applications.page.ApplicationsPage` (imported by name, when the sections
are built: nothing here is loaded at start-up)."""
