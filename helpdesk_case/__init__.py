from . import controllers
from . import models
from . import wizard
from . import report


def post_init_hook(env):
    """Give the contacts that exist at install time their place in the consultant network."""
    env["res.partner"]._sponsor_path_rebuild()
