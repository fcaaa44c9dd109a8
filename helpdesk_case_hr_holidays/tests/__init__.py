from . import test_time_off_assignment
