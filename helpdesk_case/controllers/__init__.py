from . import portal
from . import support
