from . import case_queue
