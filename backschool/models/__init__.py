"""Models over published data: no widgets, no plotting, tested without a kernel. Most are pure
functions; the diary and action plan also save the learner's files, and some write printable pages."""
