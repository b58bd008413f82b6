"""One-line entry points for lesson cells: ``import backschool.widgets as bs`` then ``bs.<widget>()``."""
