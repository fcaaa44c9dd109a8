from . import test_return
