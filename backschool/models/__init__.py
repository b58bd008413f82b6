"""Pure models over published data: no widgets, no plotting, tested without a kernel."""
