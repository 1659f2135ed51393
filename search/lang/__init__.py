"""Languages and scripts: the tables that decide how text is analysed, and the one folding function."""

from .fold import fold
from .table import LANGUAGES, SCRIPTS, Language, Script, get_language, is_known

__all__ = ["LANGUAGES", "SCRIPTS", "Language", "Script", "fold", "get_language", "is_known"]
