from . import portal
from . import support
from . import kb
