"""regiekaart: static-site generator for the Dutch de-escalatiemodel.

Pipeline (no stage imports a later one):
load -> schema -> cascade -> check -> render -> write, orchestrated by build.
"""

__version__ = "0.1.0"
