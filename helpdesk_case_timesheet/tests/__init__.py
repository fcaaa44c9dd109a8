from . import test_ticket_task
