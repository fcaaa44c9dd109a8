from . import test_ticket_task
from . import test_i18n
