"""kuangqu (矿区): records of a coal mine's retiree-management and stability office."""

__version__ = "0.1.0"
