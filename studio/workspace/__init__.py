"""The workspace: the one owner of every open draft (see :mod:`studio.workspace.workspace`)."""

from studio.workspace.workspace import OpenDocument, Workspace

__all__ = ["OpenDocument", "Workspace"]
