"""Operating the installation: backups and their restore (``petajalan backup`` / ``petajalan restore``).

Project-level code, like the management commands: it may read any app's tables, and walks them
generically so that apps can come and go without changing it. Decision record 0080.
"""
