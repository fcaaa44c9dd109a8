from . import netiquette
